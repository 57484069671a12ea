#include "control/store/user_store.h"

namespace softmcu::control {
namespace {

constexpr const char* kSelectUser =
    "SELECT id, name, role, password_hash, password_changed_at, must_change, disabled, created_at, last_login_at "
    "FROM users";

User ReadUserRow(const Statement& s) {
  User u;
  u.id = s.Int(0);
  u.name = s.Text(1);
  u.role = ParseRole(s.Text(2)).value_or(Role::kViewer);
  u.password_hash = s.Text(3);
  u.password_changed_at = s.Int(4);
  u.must_change = s.Int(5) != 0;
  u.disabled = s.Int(6) != 0;
  u.created_at = s.Int(7);
  u.last_login_at = s.OptionalInt(8);
  return u;
}

ControlResult<void> RunUpdate(Database* db, const char* sql, int64_t id, int64_t value) {
  return db->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(sql));
    CONTROL_TRY(stmt.Bind(1, value).Bind(2, id).Run());
    if (c.Changes() == 0) return Fail(ErrorKind::kNotFound, "user.not_found");
    return {};
  });
}

}  // namespace

ControlResult<std::vector<User>> UserStore::List() {
  return db_->Read([](Connection& c) -> ControlResult<std::vector<User>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectUser) + " ORDER BY name"));
    std::vector<User> users;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      users.push_back(ReadUserRow(stmt));
    }
    return users;
  });
}

ControlResult<std::optional<User>> UserStore::Find(std::string_view name) {
  return db_->Read([&](Connection& c) -> ControlResult<std::optional<User>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectUser) + " WHERE name = ?"));
    stmt.Bind(1, name);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) return std::optional<User>();
    return std::optional<User>(ReadUserRow(stmt));
  });
}

ControlResult<std::optional<User>> UserStore::FindById(int64_t id) {
  return db_->Read([&](Connection& c) -> ControlResult<std::optional<User>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectUser) + " WHERE id = ?"));
    stmt.Bind(1, id);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) return std::optional<User>();
    return std::optional<User>(ReadUserRow(stmt));
  });
}

ControlResult<User> UserStore::Get(std::string_view name) {
  CONTROL_ASSIGN(auto user, Find(name));
  if (!user) return Fail(ErrorKind::kNotFound, "user.not_found", "", {{"user", std::string(name)}});
  return std::move(*user);
}

ControlResult<User> UserStore::Create(User user) {
  return db_->Write([&](Connection& c) -> ControlResult<User> {
    CONTROL_ASSIGN(auto exists, c.Prepare("SELECT name FROM users WHERE name = ?"));
    exists.Bind(1, user.name);
    CONTROL_ASSIGN(bool row, exists.Step());
    if (row) return Fail(ErrorKind::kConflict, "user.exists", "user", {{"user", exists.Text(0)}});
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO users (name, role, password_hash, password_changed_at, "
                                          "must_change, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    CONTROL_TRY(insert.Bind(1, user.name)
                    .Bind(2, ToString(user.role))
                    .Bind(3, user.password_hash)
                    .Bind(4, user.password_changed_at)
                    .Bind(5, user.must_change)
                    .Bind(6, user.disabled)
                    .Bind(7, user.created_at)
                    .Run());
    user.id = c.LastInsertId();
    return user;
  });
}

ControlResult<size_t> UserStore::Count() {
  return db_->Read([](Connection& c) -> ControlResult<size_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT COUNT(*) FROM users"));
    CONTROL_TRY(stmt.Step());
    return static_cast<size_t>(stmt.Int(0));
  });
}

ControlResult<size_t> UserStore::CountActiveAdmins() {
  return db_->Read([](Connection& c) -> ControlResult<size_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0"));
    CONTROL_TRY(stmt.Step());
    return static_cast<size_t>(stmt.Int(0));
  });
}

ControlResult<void> UserStore::SetRole(int64_t id, Role role) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("UPDATE users SET role = ? WHERE id = ?"));
    CONTROL_TRY(stmt.Bind(1, ToString(role)).Bind(2, id).Run());
    if (c.Changes() == 0) return Fail(ErrorKind::kNotFound, "user.not_found");
    return {};
  });
}

ControlResult<void> UserStore::SetDisabled(int64_t id, bool disabled) {
  return RunUpdate(db_, "UPDATE users SET disabled = ? WHERE id = ?", id, disabled ? 1 : 0);
}

ControlResult<void> UserStore::SetLastLogin(int64_t id, int64_t when) {
  return RunUpdate(db_, "UPDATE users SET last_login_at = ? WHERE id = ?", id, when);
}

ControlResult<void> UserStore::SetPassword(int64_t id, std::string hash, int64_t when, bool must_change,
                                           size_t history_size) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto retire, c.Prepare("INSERT INTO password_history (user_id, password_hash, retired_at) "
                                          "SELECT id, password_hash, ? FROM users WHERE id = ?"));
    CONTROL_TRY(retire.Bind(1, when).Bind(2, id).Run());
    if (c.Changes() == 0) return Fail(ErrorKind::kNotFound, "user.not_found");
    CONTROL_ASSIGN(auto update, c.Prepare("UPDATE users SET password_hash = ?, password_changed_at = ?, "
                                          "must_change = ? WHERE id = ?"));
    CONTROL_TRY(update.Bind(1, hash).Bind(2, when).Bind(3, must_change).Bind(4, id).Run());
    CONTROL_ASSIGN(auto trim, c.Prepare("DELETE FROM password_history WHERE user_id = ? AND id NOT IN "
                                        "(SELECT id FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?)"));
    return trim.Bind(1, id).Bind(2, id).Bind(3, static_cast<int64_t>(history_size)).Run();
  });
}

ControlResult<std::vector<std::string>> UserStore::RecentHashes(int64_t id, size_t n) {
  return db_->Read([&](Connection& c) -> ControlResult<std::vector<std::string>> {
    std::vector<std::string> hashes;
    CONTROL_ASSIGN(auto current, c.Prepare("SELECT password_hash FROM users WHERE id = ?"));
    current.Bind(1, id);
    CONTROL_ASSIGN(bool row, current.Step());
    if (!row) return Fail(ErrorKind::kNotFound, "user.not_found");
    hashes.push_back(current.Text(0));
    CONTROL_ASSIGN(auto history, c.Prepare("SELECT password_hash FROM password_history WHERE user_id = ? "
                                           "ORDER BY id DESC LIMIT ?"));
    history.Bind(1, id).Bind(2, static_cast<int64_t>(n));
    for (;;) {
      CONTROL_ASSIGN(bool more, history.Step());
      if (!more) break;
      hashes.push_back(history.Text(0));
    }
    return hashes;
  });
}

ControlResult<void> UserStore::Delete(int64_t id) {
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM users WHERE id = ?"));
    CONTROL_TRY(stmt.Bind(1, id).Run());
    if (c.Changes() == 0) return Fail(ErrorKind::kNotFound, "user.not_found");
    return {};
  });
}

}  // namespace softmcu::control
