#pragma once
// Accounts as the API sees them: login, sessions, password changes under the policy,
// account management with its guards, and the first admin of a new installation.
// Composes PasswordPolicy, PasswordHasher, LoginThrottle, UserStore, SessionStore and
// AuditLog; every login, failed login, lockout and password change is audited here (the
// router audits the other actions).
//
// Sessions: a 256-bit random token (hex) handed out once; the database keeps its SHA-256.
// A session ends at `session_ttl` after login or after `session_idle` without use, on
// logout, and when the account's password changes or the account is disabled.
//
// Thread-safe: called concurrently by HTTP worker threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/auth/login_throttle.h"
#include "control/auth/password_hasher.h"
#include "control/auth/password_policy.h"
#include "control/auth/role.h"
#include "control/control_error.h"
#include "control/store/audit_log.h"
#include "control/store/session_store.h"
#include "control/store/user_store.h"
#include "core/clock.h"

namespace softmcu::control {

struct AccountOptions {
  PasswordPolicy policy;
  int pbkdf2_iterations = kDefaultPbkdf2Iterations;
  TimeDelta session_ttl = TimeDelta::Seconds(8 * 3600);
  TimeDelta session_idle = TimeDelta::Seconds(30 * 60);
  LoginThrottleOptions throttle;
  // A generated first admin password must be changed at first login ("one-time").
  bool generated_password_must_change = true;
};

// Who is calling, once a token is accepted.
struct AuthContext {
  int64_t user_id = 0;
  std::string user;
  Role role = Role::kViewer;
  std::string token_hash;
  std::string csrf_token;
  int64_t expires_at = 0;
  int64_t password_expires_at = 0;
};

struct LoginResult {
  std::string token;  // give to the client once; never stored or logged
  AuthContext context;
};

struct InitialAdmin {
  bool created = false;
  bool generated = false;
  std::string password;  // set only when generated: print it once, then forget it
};

class Accounts {
 public:
  // All pointers must outlive this object. `clock` gives Unix time (unix_clock.h).
  Accounts(UserStore* users, SessionStore* sessions, AuditLog* audit, const Clock* clock, AccountOptions options);

  // Errors: auth.rate_limited (429, arg "retry_after" seconds), auth.bad_credentials (401,
  // the same for an unknown name, a wrong password and a disabled account),
  // auth.password_expired / auth.password_change_required (403: change it with
  // ChangePassword, POST /api/v1/password).
  ControlResult<LoginResult> Login(std::string_view user, std::string_view password, std::string_view source);
  // Errors: auth.invalid_token, auth.session_expired (401), auth.password_expired (403).
  ControlResult<AuthContext> Authenticate(std::string_view token);
  ControlResult<void> Logout(const AuthContext& context);
  // Verifies `current` like a login (rate-limited, audited), applies the policy and the
  // history to `next`, stores it and ends every session of the account.
  ControlResult<void> ChangePassword(std::string_view user, std::string_view current, std::string_view next,
                                     std::string_view source);

  // Account management (the API checks that the caller is an admin).
  ControlResult<User> CreateUser(std::string_view name, std::string_view password, Role role);
  ControlResult<void> ResetPassword(std::string_view name, std::string_view password);
  ControlResult<void> SetRole(std::string_view name, Role role, std::string_view acting_user);
  ControlResult<void> SetDisabled(std::string_view name, bool disabled, std::string_view acting_user);
  ControlResult<void> DeleteUser(std::string_view name, std::string_view acting_user);

  // First start: when there is no account at all, creates "admin" with `env_password`
  // (SOFTMCU_ADMIN_PASSWORD; must satisfy the policy, else the policy error is returned
  // and nothing is created) or with a generated password returned for printing once.
  // Does nothing when any account exists.
  ControlResult<InitialAdmin> EnsureInitialAdmin(std::optional<std::string_view> env_password);

  // A random password that satisfies the policy (16 characters).
  std::string GeneratePassword() const;
  const AccountOptions& options() const { return options_; }
  UserStore* users() { return users_; }

 private:
  ControlResult<void> CheckNewPassword(const User& user, std::string_view password);
  void AuditSecurity(std::string action, std::string_view user, std::string_view source, AuditResult result,
                     std::string detail);
  ControlResult<void> GuardLastAdmin(const User& target, std::string_view code);

  UserStore* const users_;
  SessionStore* const sessions_;
  AuditLog* const audit_;
  const Clock* const clock_;
  const AccountOptions options_;
  const PasswordHasher hasher_;
  LoginThrottle throttle_;
};

}  // namespace softmcu::control
