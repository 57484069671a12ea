#include "core/timer_queue_driver.h"

#include <algorithm>
#include <chrono>

namespace softmcu {

TimerQueueDriver::TimerQueueDriver(EventLoop* loop, TimerQueue* queue)
    : queue_(queue), timer_(loop->context()) {
  queue_->SetDeadlineListener([this] { Arm(); });
  Arm();
}

TimerQueueDriver::~TimerQueueDriver() {
  *alive_ = false;
  queue_->SetDeadlineListener(nullptr);
  timer_.cancel();
}

void TimerQueueDriver::Arm() {
  auto deadline = queue_->NextDeadline();
  if (!deadline) {
    timer_.cancel();
    return;
  }
  const TimeDelta delay = std::max(*deadline - queue_->clock()->Now(), TimeDelta::Zero());
  timer_.expires_after(std::chrono::microseconds(delay.us()));
  timer_.async_wait([this, alive = alive_](const std::error_code& ec) {
    if (!*alive || ec == asio::error::operation_aborted) return;
    queue_->RunDue();
    Arm();
  });
}

}  // namespace softmcu
