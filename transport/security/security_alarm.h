#pragma once
// Per-point security alarms on counters the transport keeps anyway: SRTP/SRTCP
// authentication failures (tampered packets, a wrong key, someone injecting plain RTP from
// the point's address) and inbound packets dropped by the point's policer (a flood, or a
// terminal far over its budget). A handful of either is normal (a rekeying terminal, a
// keyframe burst); many per interval is what An Giang art. 12.3 asks operators to see in
// real time. Drops stay counted, never logged per packet (transport/README.md).
//
// SecurityAlarm is a pure controller (CONVENTIONS.md §10): the owner feeds it the point's
// cumulative totals with a Timestamp, about once a second, and gets back the alarms that
// changed state. Counts are taken over fixed windows of `interval` starting at the first
// sample. A window whose increase reaches the threshold raises the alarm (once, not once
// per window); the first window below the threshold afterwards clears it, with the count
// over the whole episode. No I/O, no allocation, no lock.
//
// Threading: one instance per point, used on the point's event loop only.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/result.h"
#include "core/units.h"

namespace softmcu {

enum class SecurityAlarmKind : uint8_t {
  kSrtpAuthFailures,  // DropReason::kAuthFailed, audio + video, SRTP + SRTCP
  kPolicerDrops,      // PolicerStats::dropped_packets
  kCount,
};

// Stable identifiers: metric label values and audit actions ("media.srtp_auth_failures").
const char* ToString(SecurityAlarmKind kind);

enum class SecurityAlarmState : uint8_t { kRaised, kCleared };
const char* ToString(SecurityAlarmState state);

struct SecurityAlarmConfig {
  // The counting window. Shorter reacts faster; longer smooths a terminal's bursts.
  TimeDelta interval = TimeDelta::Seconds(10);
  // Raise when a window holds at least this many; 0 disables that alarm.
  // 20 authentication failures in 10 s: a terminal with a stale key after a re-INVITE
  // fails for well under a second; anything sustained is misconfiguration or an attack.
  uint64_t auth_failures_threshold = 20;
  // 500 policed packets in 10 s: a 4 Mbps point sending 20 % over budget drops ~70/s; a
  // single oversized keyframe burst drops tens.
  uint64_t policer_drops_threshold = 500;

  Result<void> Validate() const;
  uint64_t threshold(SecurityAlarmKind kind) const;
};

// The point's cumulative totals since its transport started.
struct SecurityCounters {
  uint64_t auth_failures = 0;
  uint64_t policer_drops = 0;
  uint64_t total(SecurityAlarmKind kind) const;
};

struct SecurityAlarmEvent {
  SecurityAlarmKind kind = SecurityAlarmKind::kSrtpAuthFailures;
  SecurityAlarmState state = SecurityAlarmState::kRaised;
  Timestamp at;
  // Raised: the count in the window that crossed the threshold. Cleared: the count over
  // every window of the episode (from the one that raised it to the last one above).
  uint64_t count = 0;
  TimeDelta window;  // the time `count` was counted over
  uint64_t threshold = 0;
  TimeDelta interval;
};

// At most one event per kind per call.
class SecurityAlarmEvents {
 public:
  void Add(const SecurityAlarmEvent& event) { events_[size_++] = event; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const SecurityAlarmEvent& operator[](size_t i) const { return events_[i]; }
  const SecurityAlarmEvent* begin() const { return events_.data(); }
  const SecurityAlarmEvent* end() const { return events_.data() + size_; }

 private:
  std::array<SecurityAlarmEvent, static_cast<size_t>(SecurityAlarmKind::kCount)> events_{};
  size_t size_ = 0;
};

class SecurityAlarm {
 public:
  // `config` must be valid (Validate()); the owner checks it where it reads it.
  explicit SecurityAlarm(const SecurityAlarmConfig& config);

  // Feed the totals now; returns the alarms that were raised or cleared by windows that
  // ended at or before `now`. Totals that go down (a transport restarted) restart the count.
  SecurityAlarmEvents Update(Timestamp now, const SecurityCounters& totals);

  bool active(SecurityAlarmKind kind) const { return tracks_[static_cast<size_t>(kind)].active; }
  uint64_t raised_count(SecurityAlarmKind kind) const { return tracks_[static_cast<size_t>(kind)].raised; }
  const SecurityAlarmConfig& config() const { return config_; }

 private:
  struct Track {
    uint64_t total_at_window_start = 0;
    uint64_t last_total = 0;
    bool active = false;
    uint64_t episode_count = 0;
    Timestamp episode_start;
    uint64_t raised = 0;
  };

  const SecurityAlarmConfig config_;
  std::optional<Timestamp> window_start_;
  std::array<Track, static_cast<size_t>(SecurityAlarmKind::kCount)> tracks_{};
};

}  // namespace softmcu
