#pragma once
// Explicit big-endian field access for wire formats (CONVENTIONS.md §5): no struct
// overlays, no unaligned casts. ByteReader never reads past its span; every read
// reports failure instead, so a parser is a sequence of checked reads.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace softmcu {

inline uint16_t LoadBe16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
inline uint32_t LoadBe24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | uint32_t{p[2]};
}
inline uint32_t LoadBe32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
inline uint64_t LoadBe64(const uint8_t* p) { return (uint64_t{LoadBe32(p)} << 32) | LoadBe32(p + 4); }

inline void StoreBe16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v >> 8); p[1] = uint8_t(v); }
inline void StoreBe24(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 16); p[1] = uint8_t(v >> 8); p[2] = uint8_t(v);
}
inline void StoreBe32(uint8_t* p, uint32_t v) {
  p[0] = uint8_t(v >> 24); p[1] = uint8_t(v >> 16); p[2] = uint8_t(v >> 8); p[3] = uint8_t(v);
}
inline void StoreBe64(uint8_t* p, uint64_t v) { StoreBe32(p, uint32_t(v >> 32)); StoreBe32(p + 4, uint32_t(v)); }

// Sequential checked reader over a span. After a failed read `ok()` is false and
// every later read fails too, so callers may check once at the end.
class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> data) : data_(data) {}

  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  size_t position() const { return pos_; }
  bool ok() const { return ok_; }

  std::optional<uint8_t> U8() { return Have(1) ? std::optional<uint8_t>(data_[pos_++]) : std::nullopt; }
  std::optional<uint16_t> U16() { return Read<uint16_t, 2>(LoadBe16); }
  std::optional<uint32_t> U24() { return Read<uint32_t, 3>(LoadBe24); }
  std::optional<uint32_t> U32() { return Read<uint32_t, 4>(LoadBe32); }
  std::optional<uint64_t> U64() { return Read<uint64_t, 8>(LoadBe64); }
  std::optional<std::span<const uint8_t>> Bytes(size_t n) {
    if (!Have(n)) return std::nullopt;
    auto s = data_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  bool Skip(size_t n) {
    if (!Have(n)) return false;
    pos_ += n;
    return true;
  }
  std::span<const uint8_t> Rest() const { return ok_ ? data_.subspan(pos_) : std::span<const uint8_t>(); }

 private:
  bool Have(size_t n) {
    if (!ok_ || data_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }
  template <typename T, size_t N, typename F>
  std::optional<T> Read(F load) {
    if (!Have(N)) return std::nullopt;
    T v = static_cast<T>(load(data_.data() + pos_));
    pos_ += N;
    return v;
  }

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Sequential checked writer into a caller's buffer; mirrors ByteReader.
class ByteWriter {
 public:
  explicit ByteWriter(std::span<uint8_t> out) : out_(out) {}

  size_t size() const { return pos_; }
  bool ok() const { return ok_; }
  std::span<uint8_t> Written() const { return out_.first(pos_); }

  bool U8(uint8_t v) { return Put(1, [&](uint8_t* p) { *p = v; }); }
  bool U16(uint16_t v) { return Put(2, [&](uint8_t* p) { StoreBe16(p, v); }); }
  bool U24(uint32_t v) { return Put(3, [&](uint8_t* p) { StoreBe24(p, v); }); }
  bool U32(uint32_t v) { return Put(4, [&](uint8_t* p) { StoreBe32(p, v); }); }
  bool U64(uint64_t v) { return Put(8, [&](uint8_t* p) { StoreBe64(p, v); }); }
  bool Bytes(std::span<const uint8_t> b) {
    return Put(b.size(), [&](uint8_t* p) { if (!b.empty()) std::memcpy(p, b.data(), b.size()); });
  }
  bool Zeros(size_t n) { return Put(n, [&](uint8_t* p) { std::memset(p, 0, n); }); }
  // Direct access to an already written byte (e.g. patching a length field).
  uint8_t* At(size_t offset) { return out_.data() + offset; }

 private:
  template <typename F>
  bool Put(size_t n, F write) {
    if (!ok_ || out_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    write(out_.data() + pos_);
    pos_ += n;
    return true;
  }

  std::span<uint8_t> out_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace softmcu
