#include "media/h264/h264_bit_writer.h"

#include <bit>

namespace softmcu {

void H264BitWriter::WriteBits(uint64_t value, int count) {
  if (count <= 0) return;
  if (count > 64) {
    ok_ = false;
    return;
  }
  // Feed at most 32 bits at a time so the cache (< 8 bits pending) never overflows.
  while (count > 0) {
    const int chunk = count > 32 ? 32 : count;
    count -= chunk;
    const uint64_t bits = (value >> count) & ((uint64_t{1} << chunk) - 1);
    cache_ = (cache_ << chunk) | bits;
    cache_bits_ += chunk;
    FlushWholeBytes();
  }
}

void H264BitWriter::FlushWholeBytes() {
  while (cache_bits_ >= 8) {
    cache_bits_ -= 8;
    const auto byte = static_cast<uint8_t>(cache_ >> cache_bits_);
    if (bytes_ < storage_.size()) {
      storage_[bytes_++] = byte;
    } else {
      ok_ = false;
    }
  }
  cache_ &= (uint64_t{1} << cache_bits_) - 1;
}

// §9.1: codeNum = value is written as leadingZeroBits zeros, then value + 1 in
// leadingZeroBits + 1 bits.
void H264BitWriter::WriteUe(uint32_t value) {
  const uint64_t v = uint64_t{value} + 1;
  const int bits = 64 - std::countl_zero(v);
  WriteBits(0, bits - 1);
  WriteBits(v, bits);
}

// §9.1.1 Table 9-3: k > 0 maps to 2k - 1, k <= 0 to -2k.
void H264BitWriter::WriteSe(int32_t value) {
  const int64_t v = value;
  WriteUe(static_cast<uint32_t>(v > 0 ? 2 * v - 1 : -2 * v));
}

void H264BitWriter::WriteTrailingBits() {
  WriteBits(1, 1);
  if (cache_bits_ > 0) WriteBits(0, 8 - cache_bits_);
}

std::optional<size_t> H264BitWriter::WriteNalu(uint8_t nal_header, std::span<const uint8_t> rbsp,
                                               std::span<uint8_t> out, bool with_start_code) {
  size_t n = 0;
  auto put = [&](uint8_t b) {
    if (n >= out.size()) return false;
    out[n++] = b;
    return true;
  };
  if (with_start_code) {
    for (uint8_t b : {0, 0, 0, 1}) {
      if (!put(b)) return std::nullopt;
    }
  }
  if (!put(nal_header)) return std::nullopt;
  int zeros = 0;
  for (uint8_t b : rbsp) {
    if (zeros >= 2 && b <= 3) {
      if (!put(0x03)) return std::nullopt;
      zeros = 0;
    }
    if (!put(b)) return std::nullopt;
    zeros = b == 0 ? zeros + 1 : 0;
  }
  return n;
}

}  // namespace softmcu
