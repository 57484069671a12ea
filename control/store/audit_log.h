#pragma once
// The audit log (table audit): every operator action (each API call that changes anything:
// who, from which address, on what, with what result) and every security event (logins,
// failed logins, lockouts, refused requests, and the SIP layer's rejected sources, digest
// failures and rate-limit trips). An Giang art. 12.5 wants these records kept at least
// six months: RecordPruner deletes only entries older than the retention.
//
// Writes are durable on return (synchronous=FULL, database.h). A failed audit write is
// logged at error level and counted (write_failures()), never silently lost.
//
// Security events from the network can come in floods (a scanner, a misconfigured
// terminal retrying): RecordSecurityEvent writes at most one row per (action, source) per
// `coalesce_window`, and the next row written for that pair says how many were folded in
// ("+N similar"). Operator actions are never coalesced.
//
// Thread-safe: Record* may be called from any thread (HTTP workers, the SIP thread via the
// daemon, the conference), but not from a media thread (a commit fsyncs).

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/control_error.h"
#include "control/store/database.h"
#include "core/clock.h"

namespace softmcu::control {

enum class AuditCategory { kAction, kSecurity };
enum class AuditResult { kOk, kDenied, kFailed };
const char* ToString(AuditCategory category);
const char* ToString(AuditResult result);

struct AuditEntry {
  int64_t id = 0;
  int64_t time = 0;  // Unix seconds; 0 = now
  AuditCategory category = AuditCategory::kAction;
  std::string action;  // "point.create", "login", "sip.source_rejected"
  std::string user;    // account name, "" for none
  std::string source;  // peer address
  std::string target;  // "point 7", "room 1000", "sip:x@y"
  AuditResult result = AuditResult::kOk;
  std::string detail;  // error code or a short free text; never a password
};

struct AuditQuery {
  std::optional<int64_t> from;       // time >= from
  std::optional<int64_t> to;         // time < to
  std::optional<AuditCategory> category;
  std::string user;                  // exact, "" = any
  std::string action_prefix;         // "login" matches login, login.locked
  std::optional<int64_t> before_id;  // paging: entries older than this id
  size_t limit = 100;                // newest first
};

class AuditLog {
 public:
  AuditLog(Database* db, const Clock* clock, TimeDelta coalesce_window = TimeDelta::Seconds(60))
      : db_(db), clock_(clock), coalesce_window_(coalesce_window) {}

  ControlResult<int64_t> Record(AuditEntry entry);

  // The entry point for security events from below control/ (the SIP stack's listener is
  // wired to it by the daemon): e.g. ("sip.source_rejected", "203.0.113.9:5060",
  // "sip:1000@mcu", "not on the allow list of room 1000"). Coalesced, see above.
  void RecordSecurityEvent(std::string_view action, std::string_view source, std::string_view target,
                           std::string_view detail);

  ControlResult<std::vector<AuditEntry>> List(const AuditQuery& query);
  // Deletes entries with time < cutoff; returns how many.
  ControlResult<int64_t> PruneBefore(int64_t cutoff);

  uint64_t write_failures() const { return write_failures_.load(std::memory_order_relaxed); }

 private:
  struct Coalesced {
    Timestamp last_written;
    uint64_t suppressed = 0;
  };

  Database* const db_;
  const Clock* const clock_;
  const TimeDelta coalesce_window_;
  std::atomic<uint64_t> write_failures_{0};
  std::mutex coalesce_mutex_;
  std::map<std::string, Coalesced, std::less<>> coalesce_;  // guarded by coalesce_mutex_
};

}  // namespace softmcu::control
