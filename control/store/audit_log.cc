#include "control/store/audit_log.h"

#include "control/unix_clock.h"
#include "core/log.h"

namespace softmcu::control {
namespace {

constexpr size_t kMaxCoalesceKeys = 4096;

std::optional<AuditCategory> ParseCategory(std::string_view text) {
  if (text == "action") return AuditCategory::kAction;
  if (text == "security") return AuditCategory::kSecurity;
  return std::nullopt;
}

AuditResult ParseResult(std::string_view text) {
  if (text == "denied") return AuditResult::kDenied;
  if (text == "failed") return AuditResult::kFailed;
  return AuditResult::kOk;
}

}  // namespace

const char* ToString(AuditCategory category) { return category == AuditCategory::kSecurity ? "security" : "action"; }

const char* ToString(AuditResult result) {
  switch (result) {
    case AuditResult::kOk: return "ok";
    case AuditResult::kDenied: return "denied";
    case AuditResult::kFailed: return "failed";
  }
  return "ok";
}

ControlResult<int64_t> AuditLog::Record(AuditEntry entry) {
  if (entry.time == 0) entry.time = UnixSeconds(*clock_);
  auto written = db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO audit (time, category, action, user, source, target, result, "
                                        "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    CONTROL_TRY(stmt.Bind(1, entry.time)
                    .Bind(2, ToString(entry.category))
                    .Bind(3, entry.action)
                    .Bind(4, entry.user)
                    .Bind(5, entry.source)
                    .Bind(6, entry.target)
                    .Bind(7, ToString(entry.result))
                    .Bind(8, entry.detail)
                    .Run());
    return c.LastInsertId();
  });
  if (!written) {
    write_failures_.fetch_add(1, std::memory_order_relaxed);
    spdlog::error("audit: could not record {} by '{}' from {} on '{}' ({}): the audit trail has a gap", entry.action,
                  entry.user, entry.source, entry.target, written.error().code);
  }
  return written;
}

void AuditLog::RecordSecurityEvent(std::string_view action, std::string_view source, std::string_view target,
                                   std::string_view detail) {
  const Timestamp now = clock_->Now();
  uint64_t folded = 0;
  {
    std::lock_guard<std::mutex> lock(coalesce_mutex_);
    std::string key = std::string(action) + "|" + std::string(source);
    auto it = coalesce_.find(key);
    if (it != coalesce_.end() && now - it->second.last_written < coalesce_window_) {
      ++it->second.suppressed;
      return;
    }
    if (it == coalesce_.end()) {
      if (coalesce_.size() >= kMaxCoalesceKeys) {
        for (auto i = coalesce_.begin(); i != coalesce_.end();) {
          i = now - i->second.last_written >= coalesce_window_ ? coalesce_.erase(i) : std::next(i);
        }
        if (coalesce_.size() >= kMaxCoalesceKeys) coalesce_.erase(coalesce_.begin());
      }
      it = coalesce_.emplace(std::move(key), Coalesced{}).first;
    }
    folded = it->second.suppressed;
    it->second = Coalesced{now, 0};
  }
  std::string text(detail.substr(0, 500));
  if (folded > 0) text += " (+" + std::to_string(folded) + " similar)";
  (void)Record(AuditEntry{0, 0, AuditCategory::kSecurity, std::string(action.substr(0, 64)), "",
                          std::string(source.substr(0, 128)), std::string(target.substr(0, 256)), AuditResult::kDenied,
                          std::move(text)});
}

ControlResult<std::vector<AuditEntry>> AuditLog::List(const AuditQuery& q) {
  return db_->Read([&](Connection& c) -> ControlResult<std::vector<AuditEntry>> {
    std::string sql =
        "SELECT id, time, category, action, user, source, target, result, detail FROM audit WHERE 1 = 1";
    if (q.from) sql += " AND time >= :from";
    if (q.to) sql += " AND time < :to";
    if (q.category) sql += " AND category = :category";
    if (!q.user.empty()) sql += " AND user = :user";
    if (!q.action_prefix.empty()) sql += " AND (action = :action OR action LIKE :action_like ESCAPE '\\')";
    if (q.before_id) sql += " AND id < :before";
    sql += " ORDER BY id DESC LIMIT :limit";
    CONTROL_ASSIGN(auto stmt, c.Prepare(sql));
    int index = 1;
    if (q.from) stmt.Bind(index++, *q.from);
    if (q.to) stmt.Bind(index++, *q.to);
    if (q.category) stmt.Bind(index++, ToString(*q.category));
    if (!q.user.empty()) stmt.Bind(index++, q.user);
    if (!q.action_prefix.empty()) {
      std::string escaped;
      for (char ch : q.action_prefix) {
        if (ch == '%' || ch == '_' || ch == '\\') escaped.push_back('\\');
        escaped.push_back(ch);
      }
      stmt.Bind(index++, q.action_prefix);
      stmt.Bind(index++, escaped + ".%");
    }
    if (q.before_id) stmt.Bind(index++, *q.before_id);
    stmt.Bind(index++, static_cast<int64_t>(q.limit));
    std::vector<AuditEntry> out;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(AuditEntry{stmt.Int(0), stmt.Int(1), ParseCategory(stmt.Text(2)).value_or(AuditCategory::kAction),
                               stmt.Text(3), stmt.Text(4), stmt.Text(5), stmt.Text(6), ParseResult(stmt.Text(7)),
                               stmt.Text(8)});
    }
    return out;
  });
}

ControlResult<int64_t> AuditLog::PruneBefore(int64_t cutoff) {
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM audit WHERE time < ?"));
    CONTROL_TRY(stmt.Bind(1, cutoff).Run());
    return static_cast<int64_t>(c.Changes());
  });
}

}  // namespace softmcu::control
