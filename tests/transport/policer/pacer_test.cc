#include "transport/policer/pacer.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu {
namespace {

class PacerTest : public ::testing::Test {
 protected:
  PacketBuffer Packet(size_t size) {
    PacketBuffer b = pool_.Acquire();
    b.set_size(size);
    return b;
  }
  PacketBufferPool pool_{256, 4096};
};

TEST_F(PacerTest, KeyframeBurstLeavesAtTheBudgetRate) {
  Timestamp now = Timestamp::Seconds(10);
  PacerConfig config;
  config.rate = DataRate::KilobitsPerSec(2000);
  Pacer pacer(config, now);
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(pacer.Enqueue(Packet(1200), MediaKind::kVideo, now));  // 240 kB

  int64_t sent_bytes = 0;
  Timestamp start = now;
  while (auto next = pacer.NextSendTime(now)) {
    now = std::max(now, *next);
    pacer.Process(now, [&](PacketBuffer&& p, MediaKind) { sent_bytes += int64_t(p.size()); });
  }
  EXPECT_EQ(sent_bytes, 240'000);
  // 240 kB at 2 Mbps takes 0.96 s less the initial burst allowance.
  double seconds = (now - start).seconds();
  double rate_bps = (sent_bytes - config.max_burst.bytes()) * 8 / seconds;
  EXPECT_LE(rate_bps, 2'000'000 * 1.01);
  EXPECT_GE(rate_bps, 2'000'000 * 0.95);
}

TEST_F(PacerTest, QueueDelayIsWhatWaitsAheadAtTheRate) {
  Timestamp now = Timestamp::Seconds(10);
  PacerConfig config;
  config.rate = DataRate::KilobitsPerSec(2000);
  Pacer pacer(config, now);
  EXPECT_EQ(pacer.QueueDelay(now), TimeDelta::Zero());
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(pacer.Enqueue(Packet(1250), MediaKind::kVideo, now));
  // 125 kB less the 6 kB burst in hand, at 250 kB/s.
  EXPECT_NEAR(pacer.QueueDelay(now).ms(), 476, 1);
  for (int ms = 0; ms < 100; ++ms) {
    now += TimeDelta::Millis(1);
    pacer.Process(now, [](PacketBuffer&&, MediaKind) {});
  }
  EXPECT_NEAR(pacer.QueueDelay(now).ms(), 376, 6);  // within a packet of it
  while (auto next = pacer.NextSendTime(now)) {
    now = std::max(now, *next);
    pacer.Process(now, [](PacketBuffer&&, MediaKind) {});
  }
  EXPECT_EQ(pacer.QueueDelay(now), TimeDelta::Zero());
}

TEST_F(PacerTest, AudioOvertakesQueuedVideo) {
  Timestamp now = Timestamp::Seconds(10);
  PacerConfig config;
  config.rate = DataRate::KilobitsPerSec(1000);
  Pacer pacer(config, now);
  for (int i = 0; i < 50; ++i) pacer.Enqueue(Packet(1200), MediaKind::kVideo, now);
  pacer.Process(now, [](PacketBuffer&&, MediaKind) {});
  ASSERT_GT(pacer.queued_packets(), 0u);
  pacer.Enqueue(Packet(100), MediaKind::kAudio, now);
  std::vector<MediaKind> order;
  now = *pacer.NextSendTime(now);
  pacer.Process(now, [&](PacketBuffer&&, MediaKind k) { order.push_back(k); });
  ASSERT_FALSE(order.empty());
  EXPECT_EQ(order.front(), MediaKind::kAudio);
}

TEST_F(PacerTest, FullQueueDropsAndCounts) {
  Timestamp now = Timestamp::Seconds(10);
  PacerConfig config;
  config.video_queue_packets = 4;
  Pacer pacer(config, now);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(pacer.Enqueue(Packet(1200), MediaKind::kVideo, now));
  EXPECT_FALSE(pacer.Enqueue(Packet(1200), MediaKind::kVideo, now));
  EXPECT_EQ(pacer.stats().dropped_packets, 1u);
  EXPECT_EQ(pool_.in_use(), 4u);  // the refused packet went back to the pool
}

TEST_F(PacerTest, NothingQueuedMeansNoDeadline) {
  Pacer pacer(PacerConfig{}, Timestamp::Seconds(1));
  EXPECT_FALSE(pacer.NextSendTime(Timestamp::Seconds(1)).has_value());
}

}  // namespace
}  // namespace softmcu
