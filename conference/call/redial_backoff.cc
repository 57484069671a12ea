#include "conference/call/redial_backoff.h"

#include <algorithm>

namespace softmcu {

std::optional<TimeDelta> RedialDelay(const RedialPolicy& policy, int attempt) {
  if (attempt < 1) attempt = 1;
  if (policy.max_attempts > 0 && attempt > policy.max_attempts) return std::nullopt;
  int64_t us = policy.initial.us();
  for (int i = 1; i < attempt && us < policy.max.us(); ++i) us *= 2;
  return TimeDelta::Micros(std::min(us, policy.max.us()));
}

}  // namespace softmcu
