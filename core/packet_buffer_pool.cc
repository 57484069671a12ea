#include "core/packet_buffer_pool.h"

#include <algorithm>

#include "core/check.h"

namespace softmcu {

PacketBuffer::PacketBuffer(PacketBuffer&& other) noexcept
    : pool_(other.pool_), data_(other.data_), size_(other.size_) {
  other.pool_ = nullptr;
  other.data_ = nullptr;
  other.size_ = 0;
}

PacketBuffer& PacketBuffer::operator=(PacketBuffer&& other) noexcept {
  if (this != &other) {
    Release();
    pool_ = other.pool_;
    data_ = other.data_;
    size_ = other.size_;
    other.pool_ = nullptr;
    other.data_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

PacketBuffer::~PacketBuffer() { Release(); }

void PacketBuffer::set_size(size_t size) {
  SOFTMCU_CHECK(size <= capacity());
  size_ = size;
}

void PacketBuffer::Release() {
  if (pool_ != nullptr) pool_->Return(data_);
  pool_ = nullptr;
  data_ = nullptr;
  size_ = 0;
}

PacketBufferPool::PacketBufferPool(size_t initial, size_t max_buffers)
    : chunk_(std::max<size_t>(initial, 1)), max_buffers_(std::max(max_buffers, chunk_)) {
  free_.reserve(max_buffers_);
  Grow();
}

PacketBufferPool::~PacketBufferPool() {
  // A buffer outliving its pool would write into freed memory on release.
  SOFTMCU_DCHECK(free_.size() == allocated_);
}

bool PacketBufferPool::Grow() {
  size_t n = std::min(chunk_, max_buffers_ - allocated_);
  if (n == 0) return false;
  auto chunk = std::make_unique<uint8_t[]>(n * PacketBuffer::kCapacity);
  for (size_t i = 0; i < n; ++i) free_.push_back(chunk.get() + i * PacketBuffer::kCapacity);
  chunks_.push_back(std::move(chunk));
  allocated_ += n;
  return true;
}

PacketBuffer PacketBufferPool::Acquire() {
  if (free_.empty() && !Grow()) return PacketBuffer();
  uint8_t* data = free_.back();
  free_.pop_back();
  return PacketBuffer(this, data);
}

}  // namespace softmcu
