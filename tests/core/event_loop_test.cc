#include "core/event_loop.h"

#include <atomic>
#include <future>

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(EventLoopThread, RunsPostedTasksOnItsOwnThread) {
  EventLoopThread t("test-loop");
  std::promise<std::thread::id> ran_on;
  t.loop().Post([&] { ran_on.set_value(std::this_thread::get_id()); });
  auto id = ran_on.get_future().get();  // waits for the task, not for wall time
  EXPECT_NE(id, std::this_thread::get_id());
}

TEST(EventLoop, RepeatingTaskStopsWhenCancelled) {
  EventLoop loop;
  int runs = 0;
  std::unique_ptr<EventLoop::RepeatingTask> task;
  task = loop.Every(TimeDelta::Millis(1), [&] {
    if (++runs == 3) {
      task->Cancel();
      loop.Stop();
    }
  });
  loop.Run();
  EXPECT_EQ(runs, 3);
}

}  // namespace
}  // namespace softmcu
