#include "core/timer_queue.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/event_loop.h"
#include "core/timer_queue_driver.h"

namespace softmcu {
namespace {

TEST(TimerQueue, RunsOnlyWhatIsDueInDeadlineOrder) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  std::string order;
  queue.ScheduleAfter(TimeDelta::Millis(20), [&] { order += "b"; });
  queue.ScheduleAfter(TimeDelta::Millis(10), [&] { order += "a"; });
  queue.ScheduleAfter(TimeDelta::Millis(30), [&] { order += "c"; });
  EXPECT_EQ(queue.RunDue(), 0u);
  clock.Advance(TimeDelta::Millis(20));
  EXPECT_EQ(queue.RunDue(), 2u);
  EXPECT_EQ(order, "ab");
  EXPECT_EQ(queue.NextDeadline(), clock.Now() + TimeDelta::Millis(10));
}

TEST(TimerQueue, CancelledTimerNeverRuns) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  bool ran = false;
  auto id = queue.ScheduleAfter(TimeDelta::Millis(5), [&] { ran = true; });
  EXPECT_TRUE(queue.Cancel(id));
  EXPECT_FALSE(queue.Cancel(id));
  clock.Advance(TimeDelta::Seconds(1));
  queue.RunDue();
  EXPECT_FALSE(ran);
  EXPECT_EQ(queue.size(), 0u);
}

TEST(TimerQueue, CallbackMayScheduleAnAlreadyDueTimer) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  int runs = 0;
  queue.ScheduleAfter(TimeDelta::Millis(1), [&] {
    ++runs;
    queue.ScheduleAfter(TimeDelta::Zero(), [&] { ++runs; });
  });
  clock.Advance(TimeDelta::Millis(1));
  EXPECT_EQ(queue.RunDue(), 2u);
  EXPECT_EQ(runs, 2);
}

TEST(TimerQueue, DeadlineListenerHearsOnlyEarlierDeadlines) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  int calls = 0;
  queue.SetDeadlineListener([&] { ++calls; });
  queue.ScheduleAfter(TimeDelta::Millis(10), [] {});
  queue.ScheduleAfter(TimeDelta::Millis(20), [] {});
  queue.ScheduleAfter(TimeDelta::Millis(5), [] {});
  EXPECT_EQ(calls, 2);
}

TEST(Timer, RestartReplacesThePendingCallbackAndDestructionCancels) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  std::vector<int> fired;
  {
    Timer timer(&queue);
    timer.Start(TimeDelta::Millis(10), [&] { fired.push_back(1); });
    timer.Start(TimeDelta::Millis(20), [&] { fired.push_back(2); });
    EXPECT_EQ(queue.size(), 1u);
    clock.Advance(TimeDelta::Millis(20));
    queue.RunDue();
    EXPECT_FALSE(timer.running());
    timer.Start(TimeDelta::Millis(10), [&] { fired.push_back(3); });
  }
  clock.Advance(TimeDelta::Seconds(1));
  queue.RunDue();
  EXPECT_EQ(fired, std::vector<int>{2});
}

TEST(Timer, CallbackMayRearmItsOwnTimer) {
  SimulatedClock clock;
  TimerQueue queue(&clock);
  Timer timer(&queue);
  int runs = 0;
  std::function<void()> tick = [&] {
    if (++runs < 3) timer.Start(TimeDelta::Millis(1), tick);
  };
  timer.Start(TimeDelta::Millis(1), tick);
  for (int i = 0; i < 5; ++i) {
    clock.Advance(TimeDelta::Millis(1));
    queue.RunDue();
  }
  EXPECT_EQ(runs, 3);
}

TEST(TimerQueueDriver, FiresOnTheLoopAtTheDeadline) {
  EventLoop loop;
  TimerQueue queue(SystemClock::Instance());
  TimerQueueDriver driver(&loop, &queue);
  int runs = 0;
  queue.ScheduleAfter(TimeDelta::Millis(2), [&] { ++runs; });
  queue.ScheduleAfter(TimeDelta::Millis(1), [&] {
    ++runs;
    queue.ScheduleAfter(TimeDelta::Millis(1), [&] {
      ++runs;
      loop.Stop();
    });
  });
  loop.Run();  // stops from the third callback; a few milliseconds of real time
  EXPECT_EQ(runs, 3);
}

}  // namespace
}  // namespace softmcu
