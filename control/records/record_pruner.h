#pragma once
// Retention of records (An Giang art. 12.5: monitoring records kept at least six months;
// issue 7: "records kept ≥ 180 days, configurable, with a pruning job"). The daemon calls
// Prune() periodically (e.g. hourly, and at start); it deletes:
//  - audit entries older than the retention,
//  - logbook meetings that ended before the retention cutoff (with their sessions,
//    incidents, quality summaries and notes),
//  - sessions that expired (they are not records; kept no longer than needed),
// and nothing else. Each run that deleted anything writes an audit entry with the counts.
//
// Thread-safe (through the stores); time from the injected Unix clock.

#include <cstdint>

#include "control/control_error.h"
#include "control/store/audit_log.h"
#include "control/store/logbook.h"
#include "control/store/session_store.h"
#include "core/clock.h"

namespace softmcu::control {

inline constexpr int64_t kMinRetentionDays = 180;

struct RetentionOptions {
  int64_t retention_days = kMinRetentionDays;
  // Below the regulations' 180 days only for tests and demonstrations.
  bool allow_below_minimum = false;
  // Validation error (config.retention_too_short) for the daemon's config check.
  ControlResult<void> Validate() const;
};

struct PruneReport {
  int64_t cutoff = 0;  // Unix seconds: records older than this went
  int64_t audit_entries = 0;
  int64_t meetings = 0;
  int64_t sessions = 0;
};

class RecordPruner {
 public:
  // `options` must be valid; `session_idle` as in AccountOptions.
  RecordPruner(AuditLog* audit, Logbook* logbook, SessionStore* sessions, const Clock* clock,
               RetentionOptions options, TimeDelta session_idle)
      : audit_(audit), logbook_(logbook), sessions_(sessions), clock_(clock), options_(options),
        session_idle_(session_idle) {}

  ControlResult<PruneReport> Prune();

 private:
  AuditLog* const audit_;
  Logbook* const logbook_;
  SessionStore* const sessions_;
  const Clock* const clock_;
  const RetentionOptions options_;
  const TimeDelta session_idle_;
};

}  // namespace softmcu::control
