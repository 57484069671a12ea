#include "transport/security/security_alarm.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace softmcu {
namespace {

// Samples once a second on a simulated clock, as PointMetrics::Publish does.
class SecurityAlarmTest : public ::testing::Test {
 protected:
  SecurityAlarmConfig Config() {
    return {.interval = TimeDelta::Seconds(10), .auth_failures_threshold = 20, .policer_drops_threshold = 500};
  }
  // Advances `seconds` one second at a time, adding `auth_per_s` and `drops_per_s` each
  // second; returns every event seen.
  std::vector<SecurityAlarmEvent> Run(SecurityAlarm& alarm, int seconds, uint64_t auth_per_s, uint64_t drops_per_s) {
    std::vector<SecurityAlarmEvent> seen;
    for (int i = 0; i < seconds; ++i) {
      clock_.Advance(TimeDelta::Seconds(1));
      totals_.auth_failures += auth_per_s;
      totals_.policer_drops += drops_per_s;
      for (const auto& e : alarm.Update(clock_.Now(), totals_)) seen.push_back(e);
    }
    return seen;
  }

  SimulatedClock clock_;
  SecurityCounters totals_;
};

TEST_F(SecurityAlarmTest, StaysQuietBelowTheThreshold) {
  SecurityAlarm alarm(Config());
  alarm.Update(clock_.Now(), totals_);
  // 19 failures and 499 drops per 10 s window, for a minute.
  for (int window = 0; window < 6; ++window) {
    EXPECT_TRUE(Run(alarm, 9, 2, 50).empty());
    EXPECT_TRUE(Run(alarm, 1, 1, 49).empty());
  }
  EXPECT_FALSE(alarm.active(SecurityAlarmKind::kSrtpAuthFailures));
  EXPECT_FALSE(alarm.active(SecurityAlarmKind::kPolicerDrops));
}

TEST_F(SecurityAlarmTest, RaisesAuthFailuresWhenAWindowReachesTheThreshold) {
  SecurityAlarm alarm(Config());
  alarm.Update(clock_.Now(), totals_);
  auto events = Run(alarm, 9, 3, 0);
  EXPECT_TRUE(events.empty()) << "a window is judged only when it ends";
  events = Run(alarm, 1, 3, 0);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, SecurityAlarmKind::kSrtpAuthFailures);
  EXPECT_EQ(events[0].state, SecurityAlarmState::kRaised);
  EXPECT_EQ(events[0].count, 30u);
  EXPECT_EQ(events[0].window, TimeDelta::Seconds(10));
  EXPECT_EQ(events[0].threshold, 20u);
  EXPECT_EQ(events[0].at, clock_.Now());
  EXPECT_TRUE(alarm.active(SecurityAlarmKind::kSrtpAuthFailures));
  EXPECT_FALSE(alarm.active(SecurityAlarmKind::kPolicerDrops));
}

TEST_F(SecurityAlarmTest, RaisesOnceForASustainedAttackAndClearsWithTheEpisodeCount) {
  SecurityAlarm alarm(Config());
  alarm.Update(clock_.Now(), totals_);
  auto events = Run(alarm, 30, 0, 100);  // three windows of 1000 drops
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, SecurityAlarmKind::kPolicerDrops);
  EXPECT_EQ(events[0].state, SecurityAlarmState::kRaised);
  EXPECT_EQ(alarm.raised_count(SecurityAlarmKind::kPolicerDrops), 1u);

  events = Run(alarm, 10, 0, 1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].state, SecurityAlarmState::kCleared);
  EXPECT_EQ(events[0].count, 3000u);
  EXPECT_EQ(events[0].window, TimeDelta::Seconds(30));
  EXPECT_FALSE(alarm.active(SecurityAlarmKind::kPolicerDrops));

  events = Run(alarm, 10, 0, 60);  // a second episode is a second alarm
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].state, SecurityAlarmState::kRaised);
  EXPECT_EQ(alarm.raised_count(SecurityAlarmKind::kPolicerDrops), 2u);
}

TEST_F(SecurityAlarmTest, BothKindsCanChangeInOneUpdate) {
  SecurityAlarm alarm(Config());
  alarm.Update(clock_.Now(), totals_);
  auto events = Run(alarm, 10, 5, 100);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NE(events[0].kind, events[1].kind);
}

TEST_F(SecurityAlarmTest, ALateSampleScalesTheThresholdWithTheWindowsItCovers) {
  SecurityAlarm alarm(Config());
  alarm.Update(clock_.Now(), totals_);
  // The loop stalled for 40 s; 60 failures over four intervals is 15 per interval.
  clock_.Advance(TimeDelta::Seconds(40));
  totals_.auth_failures = 60;
  EXPECT_TRUE(alarm.Update(clock_.Now(), totals_).empty());
  clock_.Advance(TimeDelta::Seconds(40));
  totals_.auth_failures += 80;  // 20 per interval: raised
  EXPECT_EQ(alarm.Update(clock_.Now(), totals_).size(), 1u);
}

TEST_F(SecurityAlarmTest, ARestartedTransportCountsFromZero) {
  SecurityAlarm alarm(Config());
  totals_.auth_failures = 1000;
  alarm.Update(clock_.Now(), totals_);
  Run(alarm, 5, 0, 0);
  totals_.auth_failures = 0;  // the point's transport was replaced (re-INVITE)
  auto events = Run(alarm, 5, 1, 0);
  EXPECT_TRUE(events.empty()) << "5 failures since the restart, not an underflow";
  events = Run(alarm, 10, 3, 0);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].count, 30u);
}

TEST_F(SecurityAlarmTest, AZeroThresholdDisablesThatAlarm) {
  SecurityAlarmConfig config = Config();
  config.policer_drops_threshold = 0;
  SecurityAlarm alarm(config);
  alarm.Update(clock_.Now(), totals_);
  auto events = Run(alarm, 20, 0, 100000);
  EXPECT_TRUE(events.empty());
  EXPECT_FALSE(alarm.active(SecurityAlarmKind::kPolicerDrops));
}

TEST(SecurityAlarmConfig, ValidateRefusesIntervalsBelowASecond) {
  SecurityAlarmConfig config;
  EXPECT_TRUE(config.Validate());
  config.interval = TimeDelta::Millis(500);
  EXPECT_FALSE(config.Validate());
  config.interval = TimeDelta::Seconds(7200);
  EXPECT_FALSE(config.Validate());
}

}  // namespace
}  // namespace softmcu
