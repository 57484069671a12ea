#pragma once
// Bounded MSB-first bit reader over the payload of an H.264 NAL unit (its bytes after the
// one-byte header), removing emulation prevention bytes on the fly (H.264 §7.4.1: inside
// a NAL unit, 00 00 03 stands for 00 00; the 03 is dropped). Nothing is copied.
//
// Every read past the end fails: the value is nullopt, ok() turns false and stays false, so
// a parser may run a sequence of reads and check once. Exp-Golomb codes (§9.1) longer than
// 32 bits fail as well: no valid syntax element we parse needs more.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu {

class H264BitReader {
 public:
  explicit H264BitReader(std::span<const uint8_t> rbsp_with_emulation_prevention);

  std::optional<uint32_t> ReadBits(int count);  // u(n), 0 <= count <= 32
  std::optional<bool> ReadFlag();               // u(1)
  std::optional<uint32_t> ReadUe();             // ue(v), §9.1
  std::optional<int32_t> ReadSe();              // se(v), §9.1.1
  bool Skip(int count);                         // u(n) ignored, any count >= 0

  bool ok() const { return ok_; }
  // RBSP bits consumed so far (emulation prevention bytes not counted): where the next
  // syntax element starts, for a writer that copies a header up to some field.
  size_t bits_read() const { return rbsp_bytes_ * 8 - static_cast<size_t>(bits_left_); }

 private:
  std::optional<uint32_t> ReadBit();
  bool LoadNextByte();

  std::span<const uint8_t> data_;
  size_t next_ = 0;      // index of the next byte to load
  int zero_run_ = 0;     // consecutive 0x00 bytes just loaded, for emulation prevention
  uint8_t current_ = 0;  // byte being read
  int bits_left_ = 0;    // unread bits of current_
  size_t rbsp_bytes_ = 0;  // bytes loaded, emulation prevention bytes excluded
  bool ok_ = true;
};

}  // namespace softmcu
