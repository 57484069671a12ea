#include "control/unix_clock.h"

#include <chrono>

namespace softmcu::control {

Timestamp UnixClock::Now() const {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp::Micros(std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count());
}

UnixClock* UnixClock::Instance() {
  static UnixClock clock;
  return &clock;
}

}  // namespace softmcu::control
