#pragma once
// Where a point's security alarms go once PointMetrics has logged and counted them
// (transport/point_metrics.h): a SecurityAlarmSink. The alarms are raised on a point's
// media thread, which must never block on a database, so the daemon plugs in a
// SecurityAlarmQueue and drains it from its control thread (about once a second), writing
// each alarm to the audit log and the live event stream:
//
//   SecurityAlarmQueue alarms;                                   // owned by the daemon
//   point_metrics.EnableSecurityAlarms(config, &alarms);         // per point, media thread
//   every second, control thread:
//     for (const auto& a : alarms.Drain())
//       control->audit().RecordSecurityEvent(a.AuditAction(), a.source, a.Target(), a.Describe());
//
// Alarms are rare (at most two per point per interval, and only on a state change), so a
// mutex is fine here; the queue is bounded so an attack on many points at once cannot grow
// it without limit (the oldest are dropped and counted).

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "transport/security/security_alarm.h"

namespace softmcu {

struct PointSecurityAlarm {
  MetricLabels point;  // the point's metric labels, e.g. {{"room","1000"},{"point","xa-a"},{"id","7"}}
  std::string source;  // the point's negotiated media address "203.0.113.9:5004"; "" if none yet
  SecurityAlarmEvent event;

  // "media.srtp_auth_failures" / "media.policer_drops" (".cleared" appended when it ends).
  std::string AuditAction() const;
  // "room 1000 point xa-a id 7": the labels as words.
  std::string Target() const;
  // "142 SRTP authentication failures in 10 s (threshold 20 per 10 s)".
  std::string Describe() const;
};

class SecurityAlarmSink {
 public:
  // Called on the point's media thread: must not block (no I/O, no database).
  virtual void OnSecurityAlarm(const PointSecurityAlarm& alarm) = 0;

 protected:
  ~SecurityAlarmSink() = default;
};

// Thread-safe: Push from any media thread, Drain from one consumer thread.
class SecurityAlarmQueue final : public SecurityAlarmSink {
 public:
  explicit SecurityAlarmQueue(size_t capacity = 1024) : capacity_(capacity) {}

  void OnSecurityAlarm(const PointSecurityAlarm& alarm) override;
  // Everything queued, oldest first.
  std::vector<PointSecurityAlarm> Drain();
  // Alarms discarded because the queue was full (the oldest go first).
  uint64_t dropped() const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<PointSecurityAlarm> queue_;  // guarded by mutex_
  uint64_t dropped_ = 0;                  // guarded by mutex_
};

}  // namespace softmcu
