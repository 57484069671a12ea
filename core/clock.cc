#include "core/clock.h"

#include <chrono>

namespace softmcu {

Timestamp SystemClock::Now() const {
  auto d = std::chrono::steady_clock::now().time_since_epoch();
  return Timestamp::Micros(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

SystemClock* SystemClock::Instance() {
  static SystemClock clock;
  return &clock;
}

}  // namespace softmcu
