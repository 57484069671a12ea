#include "core/spsc_queue.h"

#include <gtest/gtest.h>

#include <array>
#include <thread>

namespace softmcu {
namespace {

TEST(SpscQueue, HoldsExactlyItsCapacity) {
  SpscQueue<int> queue(3);
  EXPECT_TRUE(queue.Push(1));
  EXPECT_TRUE(queue.Push(2));
  EXPECT_TRUE(queue.Push(3));
  EXPECT_FALSE(queue.Push(4));
  EXPECT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue.TryPop(), 1);
  EXPECT_TRUE(queue.Push(4));
  EXPECT_EQ(queue.TryPop(), 2);
  EXPECT_EQ(queue.TryPop(), 3);
  EXPECT_EQ(queue.TryPop(), 4);
  EXPECT_EQ(queue.TryPop(), std::nullopt);
  EXPECT_TRUE(queue.empty());
}

TEST(SpscQueue, PopReleasesTheSlotsValue) {
  SpscQueue<std::shared_ptr<int>> queue(2);
  auto value = std::make_shared<int>(7);
  ASSERT_TRUE(queue.Push(value));
  EXPECT_EQ(value.use_count(), 2);
  queue.Pop();
  EXPECT_EQ(value.use_count(), 1);
}

TEST(SpscQueue, PushWithFillsTheSlotInPlace) {
  struct Slot {
    std::array<uint8_t, 1500> data{};
    size_t size = 0;
  };
  SpscQueue<Slot> queue(4);
  ASSERT_TRUE(queue.PushWith([](Slot& s) {
    s.data[0] = 42;
    s.size = 1;
  }));
  Slot* front = queue.Front();
  ASSERT_NE(front, nullptr);
  EXPECT_EQ(front->size, 1u);
  EXPECT_EQ(front->data[0], 42);
}

// Two real threads: every value arrives once, in order (TSan/ASan would flag races).
TEST(SpscQueue, CarriesEveryValueInOrderBetweenTwoThreads) {
  constexpr int kCount = 200000;
  SpscQueue<int> queue(64);
  std::thread producer([&] {
    for (int i = 0; i < kCount;) {
      if (queue.Push(i)) ++i;
      else std::this_thread::yield();
    }
  });
  int expected = 0;
  while (expected < kCount) {
    if (auto v = queue.TryPop()) {
      ASSERT_EQ(*v, expected);
      ++expected;
    } else {
      std::this_thread::yield();
    }
  }
  producer.join();
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace softmcu
