#pragma once
// How long to wait before calling a lost bridge point again: the first redial soon (a
// terminal that rebooted is back in seconds), then doubling up to a ceiling so a point
// whose line is down is not hammered. Pure arithmetic, for the call controller and tests.

#include <optional>

#include "core/units.h"

namespace softmcu {

struct RedialPolicy {
  TimeDelta initial = TimeDelta::Seconds(2);
  TimeDelta max = TimeDelta::Seconds(60);
  int max_attempts = 0;  // 0: keep trying while the room is open
};

// The wait before attempt `attempt` (1 = the first redial), or nullopt once the policy
// gives up.
std::optional<TimeDelta> RedialDelay(const RedialPolicy& policy, int attempt);

}  // namespace softmcu
