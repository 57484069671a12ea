#pragma once
// A fixed-capacity FIFO whose storage is allocated once at construction, so pushing and
// popping never allocate (CONVENTIONS.md §11). T must be default-constructible and
// movable (PacketBuffer handles, small structs). Single-threaded.

#include <cstddef>
#include <utility>
#include <vector>

#include "core/check.h"

namespace softmcu {

template <typename T>
class RingBuffer {
 public:
  explicit RingBuffer(size_t capacity) : slots_(capacity) { SOFTMCU_CHECK(capacity > 0); }

  size_t size() const { return size_; }
  size_t capacity() const { return slots_.size(); }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == slots_.size(); }

  // False (and `value` untouched) when full.
  bool Push(T&& value) {
    if (full()) return false;
    slots_[(head_ + size_) % slots_.size()] = std::move(value);
    ++size_;
    return true;
  }
  T& front() {
    SOFTMCU_DCHECK(!empty());
    return slots_[head_];
  }
  T Pop() {
    SOFTMCU_CHECK(!empty());
    T value = std::move(slots_[head_]);
    slots_[head_] = T();
    head_ = (head_ + 1) % slots_.size();
    --size_;
    return value;
  }

 private:
  std::vector<T> slots_;
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace softmcu
