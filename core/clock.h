#pragma once
// The injected monotonic clock (CONVENTIONS.md §9). Production code asks a `Clock*`
// for the time; tests hand it a SimulatedClock and advance it, so no test sleeps.

#include <atomic>

#include "core/units.h"

namespace softmcu {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// std::chrono::steady_clock. Stateless; one instance may be shared by every thread.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  static SystemClock* Instance();
};

// Time that moves only when a test says so. Safe to read from several threads.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start = Timestamp::Seconds(1000)) : now_us_(start.us()) {}
  Timestamp Now() const override { return Timestamp::Micros(now_us_.load(std::memory_order_relaxed)); }
  void Advance(TimeDelta d) { now_us_.fetch_add(d.us(), std::memory_order_relaxed); }
  void SetTo(Timestamp t) { now_us_.store(t.us(), std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_us_;
};

// CPU time the calling thread has used, in µs (CLOCK_THREAD_CPUTIME_ID). A system call
// (~0.3 µs): for per-frame and per-tick accounting, not per packet.
int64_t ThreadCpuMicros();

}  // namespace softmcu
