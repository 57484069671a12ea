#include "transport/security/security_alarm.h"

namespace softmcu {

const char* ToString(SecurityAlarmKind kind) {
  switch (kind) {
    case SecurityAlarmKind::kSrtpAuthFailures: return "srtp_auth_failures";
    case SecurityAlarmKind::kPolicerDrops: return "policer_drops";
    case SecurityAlarmKind::kCount: break;
  }
  return "unknown";
}

const char* ToString(SecurityAlarmState state) {
  return state == SecurityAlarmState::kRaised ? "raised" : "cleared";
}

Result<void> SecurityAlarmConfig::Validate() const {
  // Below a second the owner's ~1 s sampling would make every window one sample long.
  if (interval < TimeDelta::Seconds(1) || interval > TimeDelta::Seconds(3600)) {
    return MakeError(ErrorCode::kInvalidArgument, "security alarm interval must be 1 s to 1 h");
  }
  return {};
}

uint64_t SecurityAlarmConfig::threshold(SecurityAlarmKind kind) const {
  return kind == SecurityAlarmKind::kSrtpAuthFailures ? auth_failures_threshold : policer_drops_threshold;
}

uint64_t SecurityCounters::total(SecurityAlarmKind kind) const {
  return kind == SecurityAlarmKind::kSrtpAuthFailures ? auth_failures : policer_drops;
}

SecurityAlarm::SecurityAlarm(const SecurityAlarmConfig& config) : config_(config) {}

SecurityAlarmEvents SecurityAlarm::Update(Timestamp now, const SecurityCounters& totals) {
  SecurityAlarmEvents events;
  constexpr size_t kKinds = static_cast<size_t>(SecurityAlarmKind::kCount);
  for (size_t k = 0; k < kKinds; ++k) {
    Track& track = tracks_[k];
    const uint64_t total = totals.total(static_cast<SecurityAlarmKind>(k));
    // A restarted transport counts from zero again: so does its window.
    if (total < track.last_total) track.total_at_window_start = 0;
    track.last_total = total;
  }
  if (!window_start_) {
    window_start_ = now;
    for (size_t k = 0; k < kKinds; ++k) tracks_[k].total_at_window_start = tracks_[k].last_total;
    return events;
  }
  const TimeDelta elapsed = now - *window_start_;
  if (elapsed < config_.interval) return events;

  // A late sample (a stalled loop) covers several intervals: the bar scales with them, so
  // a pause never turns normal traffic into an alarm.
  const uint64_t windows = static_cast<uint64_t>(elapsed.us() / config_.interval.us());
  for (size_t k = 0; k < kKinds; ++k) {
    const auto kind = static_cast<SecurityAlarmKind>(k);
    Track& track = tracks_[k];
    const uint64_t count = track.last_total - track.total_at_window_start;
    track.total_at_window_start = track.last_total;
    const uint64_t threshold = config_.threshold(kind);
    if (threshold == 0) continue;  // disabled
    const bool over = count >= threshold * windows;
    SecurityAlarmEvent event{.kind = kind, .at = now, .threshold = threshold, .interval = config_.interval};
    if (over && !track.active) {
      track.active = true;
      track.episode_start = *window_start_;
      track.episode_count = count;
      ++track.raised;
      event.state = SecurityAlarmState::kRaised;
      event.count = count;
      event.window = elapsed;
      events.Add(event);
    } else if (over) {
      track.episode_count += count;
    } else if (track.active) {
      track.active = false;
      event.state = SecurityAlarmState::kCleared;
      event.count = track.episode_count;
      event.window = *window_start_ - track.episode_start;
      events.Add(event);
    }
  }
  window_start_ = now;
  return events;
}

}  // namespace softmcu
