#pragma once
// Wall-clock time for the control plane. Bookings, audit entries, password ages and record
// retention are about calendar time, not the monotonic time of the media path, so control/
// takes a `const Clock*` whose Timestamp counts from the Unix epoch (UTC). Production code
// passes UnixClock::Instance(); tests pass a SimulatedClock set to a date
// (SimulatedClock(Timestamp::Seconds(1'798'675'200)) is 2027-01-01) and advance it, so
// expiry and retention are tested without sleeping.

#include <cstdint>

#include "core/clock.h"

namespace softmcu::control {

// std::chrono::system_clock. Stateless; shared by every thread.
class UnixClock final : public Clock {
 public:
  Timestamp Now() const override;
  static UnixClock* Instance();
};

inline int64_t UnixSeconds(const Clock& clock) { return clock.Now().us() / 1'000'000; }

}  // namespace softmcu::control
