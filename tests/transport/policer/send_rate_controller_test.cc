#include "transport/policer/send_rate_controller.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

constexpr DataRate kBudget = DataRate::KilobitsPerSec(4000);
constexpr DataRate kSending = DataRate::KilobitsPerSec(2100);  // the room's 2 Mbps view + audio

// A receiver reporting every `interval` on a stream of `packets_per_second`, losing `loss`.
class Receiver {
 public:
  explicit Receiver(SendRateController* c) : c_(c) {}
  void Report(double loss, TimeDelta interval = TimeDelta::Seconds(1), DataRate sending = kSending,
              int packets_per_second = 200) {
    now_ += interval;
    const double packets = packets_per_second * interval.seconds();
    highest_ += static_cast<int64_t>(packets);
    lost_ += loss * packets;
    c_->OnReport(static_cast<int64_t>(lost_), highest_, sending, now_);
  }

 private:
  SendRateController* c_;
  Timestamp now_ = Timestamp::Seconds(100);
  int64_t highest_ = 70000;
  double lost_ = 0;
};

TEST(SendRateController, StartsAtTheBudgetAndStaysThereWithoutLoss) {
  SendRateController c(kBudget);
  Receiver r(&c);
  for (int i = 0; i < 20; ++i) r.Report(0);
  EXPECT_EQ(c.rate(), kBudget);
  EXPECT_EQ(c.tier(), kBudget);
}

TEST(SendRateController, ModerateLossHoldsTheRate) {
  SendRateController c(kBudget);
  Receiver r(&c);
  for (int i = 0; i < 20; ++i) r.Report(0.05);
  EXPECT_EQ(c.tier(), kBudget);
}

// Receivers that report ten times a second: two packets missing of twenty read as 10 % in
// one report, but the controller judges whole seconds.
TEST(SendRateController, ShortReportIntervalsAreJudgedOverASecond) {
  SendRateController c(kBudget);
  Receiver r(&c);
  for (int i = 0; i < 100; ++i) r.Report(i % 10 == 0 ? 0.2 : 0.0, TimeDelta::Millis(100));
  EXPECT_EQ(c.tier(), kBudget);
}

// A 1.5 Mbps line under a 2.1 Mbps stream drops ~30 %: the first decrease starts from what
// is sent, not from the 4 Mbps budget, and the tier falls under the line at once.
TEST(SendRateController, ANarrowLineLowersTheRateFromWhatIsSent) {
  SendRateController c(kBudget);
  Receiver r(&c);
  r.Report(0);  // the first report starts the window
  r.Report(0.30);
  EXPECT_NEAR(c.rate().kbps(), 2100 * 0.85, 5);
  EXPECT_EQ(c.tier(), DataRate::KilobitsPerSec(1500));
  // Still losing at the lower tier: down from what is now sent (1.5 Mbps), a step lower.
  r.Report(0.15, TimeDelta::Seconds(1), DataRate::KilobitsPerSec(1500));
  EXPECT_NEAR(c.rate().kbps(), 1500 * 0.925, 5);
  EXPECT_EQ(c.tier(), DataRate::KilobitsPerSec(1000));
}

TEST(SendRateController, NeverBelowTheFloor) {
  SendRateController c(kBudget, DataRate::KilobitsPerSec(300));
  Receiver r(&c);
  for (int i = 0; i < 50; ++i) r.Report(0.9);
  EXPECT_EQ(c.rate(), DataRate::KilobitsPerSec(300));
  EXPECT_EQ(c.tier(), DataRate::KilobitsPerSec(250));
}

TEST(SendRateController, StaysUnderTheRateThatLostForHalfAMinute) {
  SendRateController c(kBudget);
  Receiver r(&c);
  r.Report(0);
  r.Report(0.3);  // lost at 2.1 Mbps: ceiling 1.89 Mbps
  for (int i = 0; i < 25; ++i) {
    r.Report(0);
    EXPECT_LE(c.rate().kbps(), 1890);
    EXPECT_LE(c.tier(), DataRate::KilobitsPerSec(1500)) << "not back to the 2 Mbps that lost";
  }
  for (int i = 0; i < 20; ++i) r.Report(0);
  EXPECT_EQ(c.tier(), kBudget) << "after the hold it probes again";
}

TEST(SendRateController, RecoversSlowlyAfterTheLossEnds) {
  SendRateController c(kBudget);
  Receiver r(&c);
  r.Report(0);
  r.Report(0.5);  // 2100 * 0.75 = 1575
  const DataRate low = c.rate();
  // Held for 3 s after a decrease.
  r.Report(0);
  r.Report(0);
  EXPECT_EQ(c.rate(), low);
  // Then up 8 % a second, a step of the ladder at a time, 10 % past a step before taking it.
  DataRate previous_tier = c.tier();
  for (int i = 0; i < 60; ++i) {
    r.Report(0);
    EXPECT_GE(c.tier(), previous_tier) << "the tier only rises while nothing is lost";
    if (c.tier() > previous_tier && c.tier() < kBudget) EXPECT_GE(c.rate().bps(), c.tier().bps() * 11 / 10 - 1);
    previous_tier = c.tier();
  }
  EXPECT_EQ(c.rate(), kBudget);
  EXPECT_EQ(c.tier(), kBudget);
}

}  // namespace
}  // namespace softmcu
