#pragma once
// A list with its capacity inline, so parsing a packet into one allocates nothing
// (CONVENTIONS.md §11). Used for lists the wire bounds: report blocks (5-bit count),
// BYE SSRCs, REMB SSRCs (8-bit count), and FCI entries (bounded by kMaxCompoundSize).
// Method names follow the standard containers so it works with range-for and algorithms.
// A plain value type; copying copies the whole inline array.

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <span>

#include "core/check.h"

namespace softmcu::rtcp {

template <typename T, size_t N>
class FixedVector {
 public:
  static constexpr size_t kCapacity = N;

  FixedVector() = default;
  // Programmer error to pass more than N items.
  FixedVector(std::initializer_list<T> items) {
    SOFTMCU_CHECK(items.size() <= N);
    std::copy(items.begin(), items.end(), items_.begin());
    size_ = items.size();
  }

  // False (and nothing stored) when full.
  [[nodiscard]] bool push_back(const T& item) {
    if (size_ == N) return false;
    items_[size_++] = item;
    return true;
  }
  void clear() { size_ = 0; }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == N; }
  static constexpr size_t capacity() { return N; }

  const T& operator[](size_t i) const {
    SOFTMCU_DCHECK(i < size_);
    return items_[i];
  }
  T& operator[](size_t i) {
    SOFTMCU_DCHECK(i < size_);
    return items_[i];
  }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }
  T* begin() { return items_.data(); }
  T* end() { return items_.data() + size_; }
  std::span<const T> span() const { return {items_.data(), size_}; }

  friend bool operator==(const FixedVector& a, const FixedVector& b) {
    return std::ranges::equal(a.span(), b.span());
  }

 private:
  std::array<T, N> items_{};
  size_t size_ = 0;
};

}  // namespace softmcu::rtcp
