#include "core/clock.h"

#include <chrono>
#include <ctime>

namespace softmcu {

Timestamp SystemClock::Now() const {
  auto d = std::chrono::steady_clock::now().time_since_epoch();
  return Timestamp::Micros(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

SystemClock* SystemClock::Instance() {
  static SystemClock clock;
  return &clock;
}

int64_t ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return int64_t{ts.tv_sec} * 1'000'000 + ts.tv_nsec / 1000;
}

}  // namespace softmcu
