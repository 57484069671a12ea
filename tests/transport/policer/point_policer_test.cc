#include "transport/policer/point_policer.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

// Offers `offered` in 1200-byte packets at an even pace for `duration`, returns the
// delivered rate.
DataRate Offer(PointPolicer& policer, Timestamp& now, DataRate offered, TimeDelta duration) {
  const auto packet = DataSize::Bytes(1200);
  const TimeDelta gap = offered.TimeFor(packet);
  const Timestamp end = now + duration;
  int64_t passed_bytes = 0;
  for (; now < end; now += gap) {
    if (policer.OnPacket(packet, now) == PolicerVerdict::kPass) passed_bytes += packet.bytes();
  }
  return DataRate::BitsPerSec(passed_bytes * 8 * 1'000'000 / duration.us());
}

PolicerConfig Budget(int64_t kbps) {
  PolicerConfig c;
  c.rate = DataRate::KilobitsPerSec(kbps);
  return c;
}

TEST(PointPolicer, SixMbpsOfferedIntoFourMbpsDeliversFourMbps) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);
  // Drain the initial burst allowance so the figure is the steady-state rate.
  Offer(policer, now, DataRate::KilobitsPerSec(6000), TimeDelta::Seconds(1));
  DataRate delivered = Offer(policer, now, DataRate::KilobitsPerSec(6000), TimeDelta::Seconds(10));
  EXPECT_NEAR(delivered.mbps(), 4.0, 4.0 * 0.05);
  EXPECT_GT(policer.stats().dropped_packets, 0u);
}

TEST(PointPolicer, LoadWithinBudgetPassesUntouched) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);
  for (int64_t offered : {2000, 4000 * 95 / 100}) {
    DataRate delivered = Offer(policer, now, DataRate::KilobitsPerSec(offered), TimeDelta::Seconds(10));
    EXPECT_NEAR(delivered.kbps(), offered, offered * 0.01) << offered;
  }
  EXPECT_EQ(policer.stats().dropped_packets, 0u);
}

TEST(PointPolicer, KeyframeBurstWithinBurstAllowancePasses) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);  // 250 ms of 4 Mbps = 125 kB of burst
  for (int i = 0; i < 80; ++i) {            // a 96 kB keyframe at once
    EXPECT_EQ(policer.OnPacket(DataSize::Bytes(1200), now), PolicerVerdict::kPass) << i;
  }
}

TEST(PointPolicer, AnnouncesBudgetFirstThenPeriodically) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);
  auto first = policer.FeedbackDue(now);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->kbps(), 3600);  // 90% of the budget
  EXPECT_FALSE(policer.FeedbackDue(now + TimeDelta::Millis(500)).has_value());
  EXPECT_TRUE(policer.FeedbackDue(now + TimeDelta::Seconds(1)).has_value());
}

TEST(PointPolicer, AnnouncesSoonerAfterDrops) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(200), now);
  ASSERT_TRUE(policer.FeedbackDue(now).has_value());
  while (policer.OnPacket(DataSize::Bytes(1200), now) == PolicerVerdict::kPass) {
  }
  EXPECT_FALSE(policer.FeedbackDue(now + TimeDelta::Millis(100)).has_value());  // min interval
  EXPECT_TRUE(policer.FeedbackDue(now + TimeDelta::Millis(200)).has_value());
}

TEST(PolicerConfig, RejectsBandwidthOutsideRangeNamingIt) {
  for (int64_t kbps : {99, 20'001, 0}) {
    auto r = Budget(kbps).Validate();
    ASSERT_FALSE(r.has_value()) << kbps;
    EXPECT_NE(r.error().message.find("bandwidth"), std::string::npos);
  }
  EXPECT_TRUE(Budget(100).Validate().has_value());
  EXPECT_TRUE(Budget(20'000).Validate().has_value());
}

TEST(PointPolicer, ReconfigureChangesTheRateLive) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);
  ASSERT_TRUE(policer.Reconfigure(Budget(2000), now).has_value());
  Offer(policer, now, DataRate::KilobitsPerSec(6000), TimeDelta::Seconds(1));
  DataRate delivered = Offer(policer, now, DataRate::KilobitsPerSec(6000), TimeDelta::Seconds(10));
  EXPECT_NEAR(delivered.mbps(), 2.0, 2.0 * 0.05);
  EXPECT_FALSE(policer.Reconfigure(Budget(50), now).has_value());
  EXPECT_EQ(policer.config().rate.kbps(), 2000);
}

TEST(PointPolicer, CapLowersTheAnnouncedRateButNotThePolicing) {
  Timestamp now = Timestamp::Seconds(100);
  PointPolicer policer(Budget(4000), now);
  ASSERT_TRUE(policer.FeedbackDue(now).has_value());
  policer.SetAnnouncedCap(DataRate::KilobitsPerSec(500));
  // A new cap is announced at once, not at the next periodic report.
  auto announced = policer.FeedbackDue(now + TimeDelta::Millis(1));
  ASSERT_TRUE(announced.has_value());
  EXPECT_EQ(announced->kbps(), 500);
  // The point may still send its whole budget: 3 Mbps passes untouched.
  Offer(policer, now, DataRate::KilobitsPerSec(3000), TimeDelta::Seconds(2));
  EXPECT_EQ(policer.stats().dropped_packets, 0u);
  // A cap above the budget announces the budget; lifting the cap restores it.
  policer.SetAnnouncedCap(DataRate::KilobitsPerSec(9000));
  EXPECT_EQ(policer.announced_rate().kbps(), 3600);
  policer.SetAnnouncedCap(std::nullopt);
  EXPECT_EQ(policer.announced_rate().kbps(), 3600);
}

}  // namespace
}  // namespace softmcu
