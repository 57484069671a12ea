#pragma once
// One event loop per worker thread (CONVENTIONS.md §8), on standalone asio. The thread
// that runs a loop owns the sockets and state registered with it; other threads talk to
// it only through Post(). Timers run on monotonic deadlines (steady_clock), never by polling.

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>

#include "core/units.h"

namespace softmcu {

class EventLoop {
 public:
  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  asio::io_context& context() { return context_; }

  // Queues `task` to run on the loop's thread. Safe from any thread.
  void Post(std::function<void()> task);

  // Runs `task` every `period` on the loop's thread until the returned handle is dropped
  // or Cancel()ed. The next deadline is computed from the previous one, so ticks do not drift.
  class RepeatingTask {
   public:
    virtual ~RepeatingTask() = default;
    virtual void Cancel() = 0;
  };
  std::unique_ptr<RepeatingTask> Every(TimeDelta period, std::function<void()> task);

  // Runs the loop on the calling thread until Stop(). Returns immediately after Stop().
  void Run();
  void Stop();
  bool stopped() const { return context_.stopped(); }

 private:
  asio::io_context context_{1};  // concurrency hint 1: one thread runs this loop
  asio::executor_work_guard<asio::io_context::executor_type> work_;
};

// An EventLoop with its own named thread, started in the constructor and joined in the
// destructor. The name shows in `top -H` and in logs.
class EventLoopThread {
 public:
  explicit EventLoopThread(std::string name);
  ~EventLoopThread();
  EventLoop& loop() { return loop_; }

 private:
  EventLoop loop_;
  std::thread thread_;
};

}  // namespace softmcu
