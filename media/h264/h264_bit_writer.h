#pragma once
// The writing twin of H264BitReader: builds the RBSP of a NAL unit MSB-first — u(n), ue(v),
// se(v) (H.264 §9.1), rbsp_trailing_bits() (§7.3.2.11) — in a caller's buffer, and turns an
// RBSP into a NAL unit with emulation prevention (§7.4.1: inside a NAL unit, 00 00 followed
// by 00, 01, 02 or 03 is written 00 00 03 xx, so no start code appears in it).
//
// Nothing is allocated: the writer fills the span it was given and, once that is full,
// stops writing and reports !ok() (the caller checks once, after the last write).
// One thread (the owner's).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu {

class H264BitWriter {
 public:
  explicit H264BitWriter(std::span<uint8_t> storage) : storage_(storage) {}

  void WriteBits(uint64_t value, int count);  // u(n), 0 <= count <= 64: the low `count` bits
  void WriteFlag(bool flag) { WriteBits(flag ? 1 : 0, 1); }
  void WriteUe(uint32_t value);  // ue(v), §9.1
  void WriteSe(int32_t value);   // se(v), §9.1.1
  // rbsp_stop_one_bit and rbsp_alignment_zero_bits: the RBSP is complete after this.
  void WriteTrailingBits();

  bool ok() const { return ok_; }
  size_t bits_written() const { return bytes_ * 8 + static_cast<size_t>(cache_bits_); }
  bool byte_aligned() const { return cache_bits_ == 0; }
  // The whole bytes written so far (all of the RBSP once WriteTrailingBits() was called).
  std::span<const uint8_t> rbsp() const { return storage_.first(bytes_); }

  // Writes [00 00 00 01] + `nal_header` + `rbsp` with emulation prevention into `out`;
  // returns the bytes written, or nullopt (nothing usable written) if `out` is too small.
  static std::optional<size_t> WriteNalu(uint8_t nal_header, std::span<const uint8_t> rbsp,
                                         std::span<uint8_t> out, bool with_start_code);
  // Bytes WriteNalu() can need at most for an RBSP of `rbsp_size` bytes.
  static constexpr size_t MaxNaluSize(size_t rbsp_size) { return 4 + 1 + rbsp_size + rbsp_size / 2 + 1; }

 private:
  void FlushWholeBytes();

  std::span<uint8_t> storage_;
  size_t bytes_ = 0;
  uint64_t cache_ = 0;  // pending bits, right-aligned
  int cache_bits_ = 0;  // < 8 between calls
  bool ok_ = true;
};

}  // namespace softmcu
