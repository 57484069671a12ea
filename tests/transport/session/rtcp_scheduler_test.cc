#include "transport/session/rtcp_scheduler.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

constexpr double kC = kRtcpCompensation;
constexpr Timestamp kStart = Timestamp::Seconds(1000);

RtcpScheduler::Config SeededConfig(uint32_t seed) {
  RtcpScheduler::Config config;
  config.session_bandwidth = DataRate::KilobitsPerSec(64);
  config.seed = seed;
  return config;
}

RtcpScheduler::Config FixedRandomConfig(double u) {
  RtcpScheduler::Config config;
  config.session_bandwidth = DataRate::KilobitsPerSec(64);
  config.uniform01 = [u] { return u; };
  return config;
}

TEST(RtcpScheduler, FirstReportFallsWithinHalvedMinimumBounds) {
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    RtcpScheduler scheduler(SeededConfig(seed), kStart);
    const double t = (scheduler.next_send_time() - kStart).seconds();
    EXPECT_GE(t, 2.5 * 0.5 / kC - 1e-6) << seed;
    EXPECT_LE(t, 2.5 * 1.5 / kC + 1e-6) << seed;
  }
}

TEST(RtcpScheduler, RegularReportsFallWithinRandomizedMinimumBounds) {
  RtcpScheduler scheduler(SeededConfig(7), kStart);
  scheduler.SetMembers(2, 2);
  scheduler.SetWeSent(true);
  // Reconsideration may postpone a report; follow the timer as an owner would.
  while (!scheduler.ShouldSend(scheduler.next_send_time())) {
  }
  Timestamp now = scheduler.next_send_time();
  scheduler.OnSent(now, DataSize::Bytes(100));
  double lowest = 1e9, highest = 0;
  for (int i = 0; i < 200; ++i) {
    while (!scheduler.ShouldSend(scheduler.next_send_time())) {
    }
    const Timestamp sent = scheduler.next_send_time();
    const double interval = (sent - now).seconds();
    lowest = std::min(lowest, interval);
    highest = std::max(highest, interval);
    scheduler.OnSent(sent, DataSize::Bytes(100));
    now = sent;
  }
  EXPECT_GE(lowest, 5 * 0.5 / kC - 1e-6);
  EXPECT_LE(highest, 5 * 1.5 / kC + 1e-6);
  // 200 draws spread over the range, not one value.
  EXPECT_LT(lowest, 5 * 0.7 / kC);
  EXPECT_GT(highest, 5 * 1.3 / kC);
}

TEST(RtcpScheduler, DoesNotSendBeforeNextSendTime) {
  RtcpScheduler scheduler(FixedRandomConfig(0.5), kStart);
  EXPECT_EQ(scheduler.next_send_time(), kStart + TimeDelta::SecondsF(2.5 / kC));
  EXPECT_FALSE(scheduler.ShouldSend(scheduler.next_send_time() - TimeDelta::Millis(1)));
  EXPECT_TRUE(scheduler.ShouldSend(scheduler.next_send_time()));
}

TEST(RtcpScheduler, NextReportFollowsSentReportByFullMinimum) {
  RtcpScheduler scheduler(FixedRandomConfig(0.5), kStart);
  const Timestamp sent = scheduler.next_send_time();
  scheduler.OnSent(sent, DataSize::Bytes(100));
  EXPECT_FALSE(scheduler.initial());
  EXPECT_EQ(scheduler.next_send_time(), sent + TimeDelta::SecondsF(5 / kC));
}

TEST(RtcpScheduler, ReconsiderationPostponesWhenMembershipGrows) {
  RtcpScheduler scheduler(FixedRandomConfig(0.5), kStart);
  const Timestamp first = scheduler.next_send_time();
  // 1000 members, 1 sender, we did not send: 999 * 100 B / (0.75 * 400 B/s) = 333 s.
  scheduler.SetMembers(1000, 1);
  EXPECT_FALSE(scheduler.ShouldSend(first));
  EXPECT_EQ(scheduler.next_send_time(), kStart + TimeDelta::SecondsF(999 * 100 / 300.0 / kC));
}

TEST(RtcpScheduler, AverageSizeIsSmoothedOneSixteenth) {
  RtcpScheduler scheduler(FixedRandomConfig(0.5), kStart);
  scheduler.OnSent(scheduler.next_send_time(), DataSize::Bytes(260));
  // 260/16 + 100 * 15/16 = 16.25 + 93.75 = 110.
  EXPECT_EQ(scheduler.avg_rtcp_size(), DataSize::Bytes(110));
  scheduler.OnReceived(DataSize::Bytes(270));
  // 270/16 + 110 * 15/16 = 16.875 + 103.125 = 120.
  EXPECT_EQ(scheduler.avg_rtcp_size(), DataSize::Bytes(120));
}

TEST(RtcpScheduler, EarlyFeedbackAllowedOncePerRegularInterval) {
  RtcpScheduler scheduler(FixedRandomConfig(0.5), kStart);
  EXPECT_TRUE(scheduler.CanSendEarly());
  const Timestamp regular = scheduler.next_send_time();
  scheduler.OnEarlySent(DataSize::Bytes(60));
  EXPECT_FALSE(scheduler.CanSendEarly());
  EXPECT_EQ(scheduler.next_send_time(), regular);  // the regular schedule is unchanged
  scheduler.OnSent(regular, DataSize::Bytes(100));
  EXPECT_TRUE(scheduler.CanSendEarly());
}

TEST(RtcpScheduler, SameSeedGivesSameSchedule) {
  RtcpScheduler a(SeededConfig(42), kStart);
  RtcpScheduler b(SeededConfig(42), kStart);
  EXPECT_EQ(a.next_send_time(), b.next_send_time());
}

}  // namespace
}  // namespace softmcu
