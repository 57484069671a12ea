#pragma once
// Pooled packet buffers (CONVENTIONS.md §11). A receive path reads a datagram into a
// PacketBuffer taken from its loop's pool, parses views over it, and gives it back by
// letting the handle go; in steady state nothing is allocated per packet.
//
// Threading: a pool and every buffer taken from it belong to one event-loop thread.
// Data that must cross threads is copied once, explicitly (into a frame or a queue slot).
// Ownership: the pool must outlive every buffer taken from it (checked in debug builds).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace softmcu {

class PacketBufferPool;

class PacketBuffer {
 public:
  // Room for a 1500-byte MTU datagram plus SRTP's tag and MKI, with margin.
  static constexpr size_t kCapacity = 2048;

  PacketBuffer() = default;
  PacketBuffer(PacketBuffer&& other) noexcept;
  PacketBuffer& operator=(PacketBuffer&& other) noexcept;
  PacketBuffer(const PacketBuffer&) = delete;
  PacketBuffer& operator=(const PacketBuffer&) = delete;
  ~PacketBuffer();

  explicit operator bool() const { return data_ != nullptr; }
  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return data_ ? kCapacity : 0; }
  void set_size(size_t size);  // size <= capacity(), checked

  std::span<uint8_t> span() { return {data_, size_}; }
  std::span<const uint8_t> span() const { return {data_, size_}; }
  std::span<uint8_t> storage() { return {data_, capacity()}; }

 private:
  friend class PacketBufferPool;
  PacketBuffer(PacketBufferPool* pool, uint8_t* data) : pool_(pool), data_(data) {}
  void Release();

  PacketBufferPool* pool_ = nullptr;
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

class PacketBufferPool {
 public:
  // `initial` buffers are allocated now; the pool grows in chunks of `initial` up to
  // `max_buffers`, then Acquire() returns an empty handle (the caller counts a drop).
  PacketBufferPool(size_t initial, size_t max_buffers);
  ~PacketBufferPool();
  PacketBufferPool(const PacketBufferPool&) = delete;
  PacketBufferPool& operator=(const PacketBufferPool&) = delete;

  PacketBuffer Acquire();

  size_t allocated() const { return allocated_; }
  size_t available() const { return free_.size(); }
  size_t in_use() const { return allocated_ - free_.size(); }

 private:
  friend class PacketBuffer;
  void Return(uint8_t* data) { free_.push_back(data); }
  bool Grow();

  const size_t chunk_;
  const size_t max_buffers_;
  size_t allocated_ = 0;
  std::vector<std::unique_ptr<uint8_t[]>> chunks_;
  std::vector<uint8_t*> free_;  // reserved to max_buffers_: push_back never allocates
};

}  // namespace softmcu
