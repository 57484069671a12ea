#pragma once
// A bounded single-producer single-consumer queue between two threads, lock-free: one
// thread only pushes, one only pops. Storage is allocated once at construction, so neither
// side ever allocates (CONVENTIONS.md §8, §11). Used where the media path crosses threads:
// a participant's worker hands audio packets to its room, the room hands encoded media
// back to each participant's worker.
//
// T must be default-constructible and assignable; a slot is reused in place, so a large T
// (a fixed payload buffer) is copied once in and once out, with no allocation.

#include <atomic>
#include <cstddef>
#include <memory>
#include <new>
#include <optional>

#include "core/check.h"

namespace softmcu {

template <typename T>
class SpscQueue {
 public:
  explicit SpscQueue(size_t capacity) : capacity_(capacity + 1), slots_(new T[capacity + 1]) {
    SOFTMCU_CHECK(capacity > 0);
  }
  SpscQueue(const SpscQueue&) = delete;
  SpscQueue& operator=(const SpscQueue&) = delete;

  // Producer side. False (nothing written) when full: the caller counts a drop.
  template <typename Fill>
  bool PushWith(Fill&& fill) {
    const size_t tail = tail_.load(std::memory_order_relaxed);
    const size_t next = Next(tail);
    if (next == head_.load(std::memory_order_acquire)) return false;
    fill(slots_[tail]);
    tail_.store(next, std::memory_order_release);
    return true;
  }
  bool Push(const T& value) {
    return PushWith([&](T& slot) { slot = value; });
  }
  bool Push(T&& value) {
    return PushWith([&](T& slot) { slot = std::move(value); });
  }

  // Consumer side. The front slot stays valid until Pop().
  T* Front() {
    const size_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_.load(std::memory_order_acquire)) return nullptr;
    return &slots_[head];
  }
  // The i-th element from the front (0 = Front()), or nullptr if fewer are queued.
  T* At(size_t i) {
    const size_t head = head_.load(std::memory_order_relaxed);
    const size_t tail = tail_.load(std::memory_order_acquire);
    const size_t queued = tail >= head ? tail - head : tail + capacity_ - head;
    if (i >= queued) return nullptr;
    const size_t index = head + i;
    return &slots_[index >= capacity_ ? index - capacity_ : index];
  }
  // Drops the front element (resetting the slot, so a held reference is released now).
  void Pop() {
    const size_t head = head_.load(std::memory_order_relaxed);
    SOFTMCU_DCHECK(head != tail_.load(std::memory_order_acquire));
    slots_[head] = T();
    head_.store(Next(head), std::memory_order_release);
  }
  std::optional<T> TryPop() {
    T* front = Front();
    if (front == nullptr) return std::nullopt;
    std::optional<T> value(std::move(*front));
    Pop();
    return value;
  }

  // Either side; exact only when the other side is idle.
  size_t size() const {
    const size_t head = head_.load(std::memory_order_acquire);
    const size_t tail = tail_.load(std::memory_order_acquire);
    return tail >= head ? tail - head : tail + capacity_ - head;
  }
  bool empty() const { return size() == 0; }
  size_t capacity() const { return capacity_ - 1; }

 private:
  size_t Next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }

  const size_t capacity_;  // one slot stays free to tell full from empty
  const std::unique_ptr<T[]> slots_;
  // Apart, so the producer's and the consumer's index do not share a cache line.
  alignas(64) std::atomic<size_t> head_{0};
  alignas(64) std::atomic<size_t> tail_{0};
};

}  // namespace softmcu
