#pragma once
// One-shot timers on the injected clock (CONVENTIONS.md §9), for protocol state machines
// with many short-lived deadlines: SIP transaction timers A–M, 2xx retransmission, session
// timers, idle connections. The queue itself never waits: its owner runs RunDue() when
// the earliest deadline has passed. In production a TimerQueueDriver arms one asio timer
// on the loop for NextDeadline(); in tests the test advances a SimulatedClock and calls
// RunDue(), so nothing sleeps.
//
// A `Timer` member owns one scheduled callback and cancels it when it is destroyed or
// re-armed, so an object that dies never gets called back.
//
// Threading: one thread (the loop that owns the state the callbacks touch). Scheduling
// allocates (a map node and the std::function): fine for signalling, not for packets.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "core/clock.h"
#include "core/units.h"

namespace softmcu {

class TimerQueue {
 public:
  using TimerId = uint64_t;  // 0 is never a valid id

  explicit TimerQueue(const Clock* clock) : clock_(clock) {}
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  TimerId ScheduleAt(Timestamp deadline, std::function<void()> callback);
  TimerId ScheduleAfter(TimeDelta delay, std::function<void()> callback) {
    return ScheduleAt(clock_->Now() + delay, std::move(callback));
  }
  // False if the timer already ran or was cancelled.
  bool Cancel(TimerId id);

  // Runs every callback whose deadline is <= Now(), earliest first (ties in scheduling
  // order), including ones that callbacks schedule for a time already passed. Returns
  // how many ran.
  size_t RunDue();

  std::optional<Timestamp> NextDeadline() const;
  size_t size() const { return timers_.size(); }
  const Clock* clock() const { return clock_; }

  // Called after a schedule moved NextDeadline() earlier (the driver re-arms its timer).
  void SetDeadlineListener(std::function<void()> listener) { deadline_listener_ = std::move(listener); }

 private:
  using Key = std::pair<Timestamp, TimerId>;
  const Clock* const clock_;
  std::map<Key, std::function<void()>> timers_;
  std::map<TimerId, Timestamp> deadlines_;  // id -> its deadline, for Cancel
  TimerId next_id_ = 1;
  std::function<void()> deadline_listener_;
};

// A single re-armable timer slot: Start() replaces whatever was pending.
class Timer {
 public:
  explicit Timer(TimerQueue* queue) : queue_(queue) {}
  ~Timer() { Stop(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void Start(TimeDelta delay, std::function<void()> callback);
  void StartAt(Timestamp deadline, std::function<void()> callback);
  void Stop();
  bool running() const { return id_ != 0; }
  std::optional<Timestamp> deadline() const { return running() ? std::optional(deadline_) : std::nullopt; }

 private:
  TimerQueue* const queue_;
  TimerQueue::TimerId id_ = 0;
  Timestamp deadline_;
};

}  // namespace softmcu
