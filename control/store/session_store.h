#pragma once
// Login sessions (table sessions). A session is found by the SHA-256 of its bearer token:
// the token itself is never stored, so a copy of the database does not let anyone in.
// Each session carries its CSRF token (for the console's cookie-authenticated requests).
//
// Thread-safe (through Database).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "control/control_error.h"
#include "control/store/database.h"

namespace softmcu::control {

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  std::string source;  // address the login came from
  int64_t created_at = 0;
  int64_t expires_at = 0;
  int64_t last_seen_at = 0;
};

class SessionStore {
 public:
  explicit SessionStore(Database* db) : db_(db) {}

  ControlResult<void> Insert(const Session& session);
  ControlResult<std::optional<Session>> Find(std::string_view token_hash);
  ControlResult<void> Touch(std::string_view token_hash, int64_t when);
  ControlResult<void> Delete(std::string_view token_hash);
  // Ends every session of an account (password change, disabling, deletion).
  ControlResult<void> DeleteForUser(int64_t user_id);
  // Removes sessions past their expiry or idle since before `idle_cutoff`; returns how many.
  ControlResult<int64_t> DeleteExpired(int64_t now, int64_t idle_cutoff);

 private:
  Database* const db_;
};

}  // namespace softmcu::control
