#pragma once
// Runs a TimerQueue on an EventLoop: keeps one asio steady_timer armed for the queue's
// earliest deadline and calls RunDue() when it fires. The queue's clock must tick like
// steady_clock (SystemClock does); tests that use a SimulatedClock run the queue by hand
// and do not create a driver.
//
// Ownership: borrows the loop and the queue, both of which must outlive it. Threading: the
// loop's thread only (construct it there, or before the loop runs).

#include <memory>

#include <asio/steady_timer.hpp>

#include "core/event_loop.h"
#include "core/timer_queue.h"

namespace softmcu {

class TimerQueueDriver {
 public:
  TimerQueueDriver(EventLoop* loop, TimerQueue* queue);
  ~TimerQueueDriver();
  TimerQueueDriver(const TimerQueueDriver&) = delete;
  TimerQueueDriver& operator=(const TimerQueueDriver&) = delete;

 private:
  void Arm();

  TimerQueue* const queue_;
  asio::steady_timer timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace softmcu
