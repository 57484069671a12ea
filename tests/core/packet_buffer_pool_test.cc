#include "core/packet_buffer_pool.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(PacketBufferPool, ReusesReleasedBuffersWithoutGrowing) {
  PacketBufferPool pool(4, 8);
  uint8_t* first = nullptr;
  {
    PacketBuffer b = pool.Acquire();
    ASSERT_TRUE(b);
    first = b.data();
    EXPECT_EQ(pool.in_use(), 1u);
  }
  EXPECT_EQ(pool.in_use(), 0u);
  PacketBuffer again = pool.Acquire();
  EXPECT_EQ(again.data(), first);
  EXPECT_EQ(pool.allocated(), 4u);
}

TEST(PacketBufferPool, GrowsInChunksUpToTheCapThenRefuses) {
  PacketBufferPool pool(2, 5);
  std::vector<PacketBuffer> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(pool.Acquire());
    ASSERT_TRUE(held.back()) << i;
  }
  EXPECT_EQ(pool.allocated(), 5u);
  EXPECT_FALSE(pool.Acquire());
  held.pop_back();
  EXPECT_TRUE(pool.Acquire());
}

TEST(PacketBufferPool, MoveTransfersOwnership) {
  PacketBufferPool pool(1, 1);
  PacketBuffer a = pool.Acquire();
  a.set_size(100);
  PacketBuffer b = std::move(a);
  EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_EQ(b.size(), 100u);
  EXPECT_EQ(pool.in_use(), 1u);
  b = PacketBuffer();
  EXPECT_EQ(pool.in_use(), 0u);
}

}  // namespace
}  // namespace softmcu
