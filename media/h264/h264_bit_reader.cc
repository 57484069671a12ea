#include "media/h264/h264_bit_reader.h"

namespace softmcu {

H264BitReader::H264BitReader(std::span<const uint8_t> rbsp_with_emulation_prevention)
    : data_(rbsp_with_emulation_prevention) {}

bool H264BitReader::LoadNextByte() {
  if (next_ >= data_.size()) return false;
  uint8_t b = data_[next_++];
  // §7.4.1: emulation_prevention_three_byte after two zero bytes is not payload.
  if (zero_run_ >= 2 && b == 0x03) {
    zero_run_ = 0;
    if (next_ >= data_.size()) return false;
    b = data_[next_++];
  }
  zero_run_ = b == 0 ? zero_run_ + 1 : 0;
  current_ = b;
  bits_left_ = 8;
  ++rbsp_bytes_;
  return true;
}

std::optional<uint32_t> H264BitReader::ReadBit() {
  if (!ok_) return std::nullopt;
  if (bits_left_ == 0 && !LoadNextByte()) {
    ok_ = false;
    return std::nullopt;
  }
  --bits_left_;
  return (current_ >> bits_left_) & 1u;
}

std::optional<uint32_t> H264BitReader::ReadBits(int count) {
  if (count < 0 || count > 32) {
    ok_ = false;
    return std::nullopt;
  }
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) {
    auto bit = ReadBit();
    if (!bit) return std::nullopt;
    value = (value << 1) | *bit;
  }
  return uint32_t(value);
}

std::optional<bool> H264BitReader::ReadFlag() {
  auto bit = ReadBit();
  if (!bit) return std::nullopt;
  return *bit != 0;
}

bool H264BitReader::Skip(int count) {
  for (int i = 0; i < count; ++i) {
    if (!ReadBit()) return false;
  }
  return ok_;
}

// §9.1: leadingZeroBits zeros, a one, then leadingZeroBits bits; codeNum = 2^lz - 1 + bits.
std::optional<uint32_t> H264BitReader::ReadUe() {
  int leading_zeros = 0;
  while (true) {
    auto bit = ReadBit();
    if (!bit) return std::nullopt;
    if (*bit) break;
    if (++leading_zeros > 31) {  // codeNum would not fit 32 bits
      ok_ = false;
      return std::nullopt;
    }
  }
  auto suffix = ReadBits(leading_zeros);
  if (!suffix) return std::nullopt;
  return uint32_t((uint64_t{1} << leading_zeros) - 1 + *suffix);
}

// §9.1.1: codeNum k maps to (-1)^(k+1) * ceil(k / 2).
std::optional<int32_t> H264BitReader::ReadSe() {
  auto k = ReadUe();
  if (!k) return std::nullopt;
  const int64_t magnitude = (int64_t{*k} + 1) / 2;
  return int32_t((*k & 1) ? magnitude : -magnitude);
}

}  // namespace softmcu
