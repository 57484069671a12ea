#include "core/timer_queue.h"

namespace softmcu {

TimerQueue::TimerId TimerQueue::ScheduleAt(Timestamp deadline, std::function<void()> callback) {
  const TimerId id = next_id_++;
  const bool earliest = timers_.empty() || deadline < timers_.begin()->first.first;
  timers_.emplace(Key{deadline, id}, std::move(callback));
  deadlines_.emplace(id, deadline);
  if (earliest && deadline_listener_) deadline_listener_();
  return id;
}

bool TimerQueue::Cancel(TimerId id) {
  auto it = deadlines_.find(id);
  if (it == deadlines_.end()) return false;
  timers_.erase(Key{it->second, id});
  deadlines_.erase(it);
  return true;
}

size_t TimerQueue::RunDue() {
  size_t ran = 0;
  while (!timers_.empty()) {
    auto first = timers_.begin();
    if (first->first.first > clock_->Now()) break;
    // Take the callback out before running it: it may schedule or cancel timers.
    std::function<void()> callback = std::move(first->second);
    deadlines_.erase(first->first.second);
    timers_.erase(first);
    callback();
    ++ran;
  }
  return ran;
}

std::optional<Timestamp> TimerQueue::NextDeadline() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first.first;
}

void Timer::Start(TimeDelta delay, std::function<void()> callback) {
  StartAt(queue_->clock()->Now() + delay, std::move(callback));
}

void Timer::StartAt(Timestamp deadline, std::function<void()> callback) {
  Stop();
  deadline_ = deadline;
  // The slot forgets its id before the callback runs, so the callback may re-arm it.
  id_ = queue_->ScheduleAt(deadline, [this, callback = std::move(callback)] {
    id_ = 0;
    callback();
  });
}

void Timer::Stop() {
  if (id_ != 0) queue_->Cancel(id_);
  id_ = 0;
}

}  // namespace softmcu
