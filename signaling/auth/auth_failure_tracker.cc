#include "signaling/auth/auth_failure_tracker.h"

namespace softmcu::sip {

bool AuthFailureTracker::IsBlocked(const asio::ip::address& source, Timestamp now) {
  SourceState* state = table_.Find(source);
  if (!state || now >= state->blocked_until) return false;
  ++blocked_requests_;
  return true;
}

bool AuthFailureTracker::RecordFailure(const asio::ip::address& source, Timestamp now) {
  SourceState& state = table_.Touch(source, [&] { return SourceState{0, now, Timestamp()}; });
  if (now - state.window_start > config_.window) {
    state.failures = 0;
    state.window_start = now;
  }
  if (++state.failures < config_.max_failures) return false;
  state.failures = 0;
  state.window_start = now;
  state.blocked_until = now + config_.block_duration;
  return true;
}

}  // namespace softmcu::sip
