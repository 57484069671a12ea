#include "control/store/session_store.h"

namespace softmcu::control {

ControlResult<void> SessionStore::Insert(const Session& s) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO sessions (token_hash, user_id, csrf_token, source, created_at, "
                                        "expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    return stmt.Bind(1, s.token_hash)
        .Bind(2, s.user_id)
        .Bind(3, s.csrf_token)
        .Bind(4, s.source)
        .Bind(5, s.created_at)
        .Bind(6, s.expires_at)
        .Bind(7, s.last_seen_at)
        .Run();
  });
}

ControlResult<std::optional<Session>> SessionStore::Find(std::string_view token_hash) {
  return db_->Read([&](Connection& c) -> ControlResult<std::optional<Session>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT token_hash, user_id, csrf_token, source, created_at, expires_at, "
                                        "last_seen_at FROM sessions WHERE token_hash = ?"));
    stmt.Bind(1, token_hash);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) return std::optional<Session>();
    return std::optional<Session>(Session{stmt.Text(0), stmt.Int(1), stmt.Text(2), stmt.Text(3), stmt.Int(4),
                                          stmt.Int(5), stmt.Int(6)});
  });
}

ControlResult<void> SessionStore::Touch(std::string_view token_hash, int64_t when) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"));
    return stmt.Bind(1, when).Bind(2, token_hash).Run();
  });
}

ControlResult<void> SessionStore::Delete(std::string_view token_hash) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM sessions WHERE token_hash = ?"));
    return stmt.Bind(1, token_hash).Run();
  });
}

ControlResult<void> SessionStore::DeleteForUser(int64_t user_id) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM sessions WHERE user_id = ?"));
    return stmt.Bind(1, user_id).Run();
  });
}

ControlResult<int64_t> SessionStore::DeleteExpired(int64_t now, int64_t idle_cutoff) {
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?"));
    CONTROL_TRY(stmt.Bind(1, now).Bind(2, idle_cutoff).Run());
    return static_cast<int64_t>(c.Changes());
  });
}

}  // namespace softmcu::control
