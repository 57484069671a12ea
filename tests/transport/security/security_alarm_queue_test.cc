#include "transport/security/security_alarm_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace softmcu {
namespace {

PointSecurityAlarm Alarm(SecurityAlarmState state, uint64_t count) {
  return PointSecurityAlarm{.point = {{"room", "1000"}, {"point", "xa-a"}, {"id", "7"}},
                            .source = "203.0.113.9:5004",
                            .event = {.kind = SecurityAlarmKind::kSrtpAuthFailures,
                                      .state = state,
                                      .count = count,
                                      .window = TimeDelta::Seconds(10),
                                      .threshold = 20,
                                      .interval = TimeDelta::Seconds(10)}};
}

TEST(PointSecurityAlarm, DescribesItselfForTheAuditLog) {
  const auto raised = Alarm(SecurityAlarmState::kRaised, 142);
  EXPECT_EQ(raised.AuditAction(), "media.srtp_auth_failures");
  EXPECT_EQ(raised.Target(), "room 1000 point xa-a id 7");
  EXPECT_EQ(raised.Describe(), "142 SRTP authentication failures in 10 s (threshold 20 per 10 s)");
  auto cleared = Alarm(SecurityAlarmState::kCleared, 500);
  cleared.event.window = TimeDelta::Seconds(30);
  EXPECT_EQ(cleared.AuditAction(), "media.srtp_auth_failures.cleared");
  EXPECT_EQ(cleared.Describe(), "back under the threshold; 500 SRTP authentication failures over 30 s of alarm");
  auto policer = raised;
  policer.event.kind = SecurityAlarmKind::kPolicerDrops;
  EXPECT_EQ(policer.AuditAction(), "media.policer_drops");
}

TEST(SecurityAlarmQueue, DrainsOldestFirstAndEmpties) {
  SecurityAlarmQueue queue;
  queue.OnSecurityAlarm(Alarm(SecurityAlarmState::kRaised, 1));
  queue.OnSecurityAlarm(Alarm(SecurityAlarmState::kCleared, 2));
  auto drained = queue.Drain();
  ASSERT_EQ(drained.size(), 2u);
  EXPECT_EQ(drained[0].event.count, 1u);
  EXPECT_EQ(drained[1].event.count, 2u);
  EXPECT_TRUE(queue.Drain().empty());
}

TEST(SecurityAlarmQueue, DropsTheOldestWhenFullAndCountsThem) {
  SecurityAlarmQueue queue(3);
  for (uint64_t i = 0; i < 5; ++i) queue.OnSecurityAlarm(Alarm(SecurityAlarmState::kRaised, i));
  auto drained = queue.Drain();
  ASSERT_EQ(drained.size(), 3u);
  EXPECT_EQ(drained.front().event.count, 2u);
  EXPECT_EQ(queue.dropped(), 2u);
}

TEST(SecurityAlarmQueue, TakesAlarmsFromSeveralMediaThreads) {
  SecurityAlarmQueue queue;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&queue] {
      for (int i = 0; i < 100; ++i) queue.OnSecurityAlarm(Alarm(SecurityAlarmState::kRaised, 1));
    });
  }
  size_t drained = 0;
  for (auto& t : threads) t.join();
  drained += queue.Drain().size();
  EXPECT_EQ(drained, 400u);
  EXPECT_EQ(queue.dropped(), 0u);
}

}  // namespace
}  // namespace softmcu
