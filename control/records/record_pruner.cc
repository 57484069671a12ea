#include "control/records/record_pruner.h"

#include "control/unix_clock.h"
#include "core/log.h"

namespace softmcu::control {

ControlResult<void> RetentionOptions::Validate() const {
  if (retention_days < 1 || (retention_days < kMinRetentionDays && !allow_below_minimum)) {
    return Fail(ErrorKind::kValidation, "config.retention_too_short", "retention_days",
                {{"min", std::to_string(kMinRetentionDays)}});
  }
  return {};
}

ControlResult<PruneReport> RecordPruner::Prune() {
  const int64_t now = UnixSeconds(*clock_);
  PruneReport report;
  report.cutoff = now - options_.retention_days * 86400;
  CONTROL_ASSIGN(report.audit_entries, audit_->PruneBefore(report.cutoff));
  CONTROL_ASSIGN(report.meetings, logbook_->PruneBefore(report.cutoff));
  CONTROL_ASSIGN(report.sessions, sessions_->DeleteExpired(now, now - session_idle_.ms() / 1000));
  if (report.audit_entries > 0 || report.meetings > 0) {
    spdlog::info("records: pruned {} audit entries and {} meetings older than {} days", report.audit_entries,
                 report.meetings, options_.retention_days);
    (void)audit_->Record(AuditEntry{0, now, AuditCategory::kAction, "records.prune", "", "", "", AuditResult::kOk,
                                    std::to_string(report.audit_entries) + " audit entries, " +
                                        std::to_string(report.meetings) + " meetings older than " +
                                        std::to_string(options_.retention_days) + " days"});
  }
  return report;
}

}  // namespace softmcu::control
