// The counting global operator new of mixer_tests (see allocation_counter.h), and a test
// that it does count, so that "zero allocations" elsewhere means something.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/mixer/allocation_counter.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};

void* CountedAlloc(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
}  // namespace

// Every non-aligned form, so that new and delete always pair up (ASan checks that).
// g++ sees free() meet a pointer from operator new once these are inlined into a caller
// and warns; here operator new IS malloc, so the pairing is right.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

namespace softmcu::testing {

void StartCountingAllocations() {
  allocations.store(0);
  counting.store(true);
}

long StopCountingAllocations() {
  counting.store(false);
  return allocations.exchange(0);
}

namespace {

// Direct calls of the allocation functions: unlike new-expressions, the compiler may not
// elide them, so the count is exact at any optimisation level.
TEST(AllocationCounter, CountsAllocationsOnlyWhileCounting) {
  void* before = ::operator new(16);
  StartCountingAllocations();
  void* during = ::operator new(16);
  void* array = ::operator new[](64);
  const long counted = StopCountingAllocations();
  void* after = ::operator new(16);
  ::operator delete(before);
  ::operator delete(during);
  ::operator delete[](array);
  ::operator delete(after);
  EXPECT_EQ(counted, 2);
  StartCountingAllocations();
  EXPECT_EQ(StopCountingAllocations(), 0);
}

}  // namespace
}  // namespace softmcu::testing
