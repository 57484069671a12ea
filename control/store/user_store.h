#pragma once
// Accounts and their password history (tables users, password_history). Stores hashes
// only (auth/password_hasher.h); the password policy is applied by Accounts before a
// hash gets here. A password change moves the old hash into the history and trims the
// history in the same transaction.
//
// Thread-safe (through Database). Errors: user.not_found (404), user.exists (409).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/auth/role.h"
#include "control/control_error.h"
#include "control/store/database.h"

namespace softmcu::control {

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;
  int64_t password_changed_at = 0;
  bool must_change = false;  // set by an admin reset or a generated first password
  bool disabled = false;
  int64_t created_at = 0;
  std::optional<int64_t> last_login_at;
};

class UserStore {
 public:
  explicit UserStore(Database* db) : db_(db) {}

  ControlResult<std::vector<User>> List();
  // Case-insensitive, as names are unique case-insensitively.
  ControlResult<std::optional<User>> Find(std::string_view name);
  ControlResult<User> Get(std::string_view name);
  ControlResult<std::optional<User>> FindById(int64_t id);
  ControlResult<User> Create(User user);
  ControlResult<size_t> Count();
  ControlResult<size_t> CountActiveAdmins();
  ControlResult<void> SetRole(int64_t id, Role role);
  ControlResult<void> SetDisabled(int64_t id, bool disabled);
  ControlResult<void> SetLastLogin(int64_t id, int64_t when);
  // Replaces the password; the old hash joins the history, which keeps `history_size`
  // entries at most (the current password is not counted there).
  ControlResult<void> SetPassword(int64_t id, std::string hash, int64_t when, bool must_change, size_t history_size);
  // The hashes of the current password and the last `n` retired ones, newest first.
  ControlResult<std::vector<std::string>> RecentHashes(int64_t id, size_t n);
  ControlResult<void> Delete(int64_t id);

 private:
  Database* const db_;
};

}  // namespace softmcu::control
