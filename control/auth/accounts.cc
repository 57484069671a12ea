#include "control/auth/accounts.h"

#include <openssl/rand.h>

#include "control/model/text_rules.h"
#include "control/unix_clock.h"
#include "core/check.h"
#include "core/log.h"

namespace softmcu::control {
namespace {

constexpr int64_t kTouchInterval = 60;  // seconds between last_seen updates of a session

ControlError BadCredentials() { return ControlError{ErrorKind::kUnauthorized, "auth.bad_credentials", "", {}}; }

bool IsValidUserName(std::string_view name) {
  if (name.size() < 2 || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Accounts::Accounts(UserStore* users, SessionStore* sessions, AuditLog* audit, const Clock* clock,
                   AccountOptions options)
    : users_(users),
      sessions_(sessions),
      audit_(audit),
      clock_(clock),
      options_(options),
      hasher_(options.pbkdf2_iterations),
      throttle_(options.throttle) {}

void Accounts::AuditSecurity(std::string action, std::string_view user, std::string_view source, AuditResult result,
                             std::string detail) {
  (void)audit_->Record(AuditEntry{0, 0, AuditCategory::kSecurity, std::move(action), std::string(user.substr(0, 64)),
                                  std::string(source), "", result, std::move(detail)});
}

ControlResult<LoginResult> Accounts::Login(std::string_view user, std::string_view password, std::string_view source) {
  const Timestamp now_ts = clock_->Now();
  const int64_t now = UnixSeconds(*clock_);
  if (auto decision = throttle_.Check(user, source, now_ts); decision.verdict != LoginThrottle::Verdict::kAllowed) {
    const bool locked = decision.verdict == LoginThrottle::Verdict::kUserLocked;
    AuditSecurity("login", user, source, AuditResult::kDenied, locked ? "account locked" : "source rate-limited");
    return Fail(ErrorKind::kRateLimited, "auth.rate_limited", "",
                {{"retry_after", std::to_string(std::max<int64_t>(1, (decision.retry_after.ms() + 999) / 1000))}});
  }
  CONTROL_ASSIGN(auto found, IsValidUserName(user) ? users_->Find(user) : ControlResult<std::optional<User>>());
  const bool verified = found && !found->disabled && hasher_.Verify(password, found->password_hash);
  if (!found || found->disabled) hasher_.BurnVerifyTime(password);
  if (!verified) {
    const auto outcome = throttle_.RecordFailure(user, source, now_ts);
    AuditSecurity("login", user, source, AuditResult::kFailed,
                  !found ? "unknown account" : found->disabled ? "account disabled" : "wrong password");
    if (outcome.user_locked_now) {
      spdlog::warn("login: account '{}' locked after repeated failures (last from {})", user.substr(0, 64), source);
      AuditSecurity("login.locked", user, source, AuditResult::kDenied, "too many failed logins");
    }
    if (outcome.source_blocked_now) {
      spdlog::warn("login: source {} blocked after repeated failed logins", source);
      AuditSecurity("login.source_blocked", user, source, AuditResult::kDenied, "too many failed logins");
    }
    return Fail(BadCredentials());
  }
  throttle_.RecordSuccess(user);
  if (found->must_change) {
    AuditSecurity("login", found->name, source, AuditResult::kDenied, "password change required");
    return Fail(ErrorKind::kForbidden, "auth.password_change_required");
  }
  if (options_.policy.Expired(found->password_changed_at, now)) {
    AuditSecurity("login", found->name, source, AuditResult::kDenied, "password expired");
    return Fail(ErrorKind::kForbidden, "auth.password_expired");
  }
  LoginResult result;
  result.token = RandomHex(32);
  Session session{Sha256Hex(result.token), found->id, RandomHex(16), std::string(source), now,
                  now + options_.session_ttl.ms() / 1000, now};
  CONTROL_TRY(sessions_->Insert(session));
  (void)users_->SetLastLogin(found->id, now);
  AuditSecurity("login", found->name, source, AuditResult::kOk, "");
  result.context = AuthContext{found->id, found->name, found->role, session.token_hash, session.csrf_token,
                               session.expires_at, options_.policy.ExpiresAt(found->password_changed_at)};
  return result;
}

ControlResult<AuthContext> Accounts::Authenticate(std::string_view token) {
  // Tokens are 64 hex digits; anything else cannot match and is not worth a lookup.
  if (token.size() != 64) return Fail(ErrorKind::kUnauthorized, "auth.invalid_token");
  const int64_t now = UnixSeconds(*clock_);
  const std::string hash = Sha256Hex(token);
  CONTROL_ASSIGN(auto session, sessions_->Find(hash));
  if (!session) return Fail(ErrorKind::kUnauthorized, "auth.invalid_token");
  if (session->expires_at <= now || session->last_seen_at + options_.session_idle.ms() / 1000 <= now) {
    (void)sessions_->Delete(hash);
    return Fail(ErrorKind::kUnauthorized, "auth.session_expired");
  }
  CONTROL_ASSIGN(auto user, users_->FindById(session->user_id));
  if (!user || user->disabled) {
    (void)sessions_->Delete(hash);
    return Fail(ErrorKind::kUnauthorized, "auth.invalid_token");
  }
  if (options_.policy.Expired(user->password_changed_at, now)) {
    return Fail(ErrorKind::kForbidden, "auth.password_expired");
  }
  if (now - session->last_seen_at >= kTouchInterval) (void)sessions_->Touch(hash, now);
  return AuthContext{user->id, user->name, user->role, hash, session->csrf_token, session->expires_at,
                     options_.policy.ExpiresAt(user->password_changed_at)};
}

ControlResult<void> Accounts::Logout(const AuthContext& context) { return sessions_->Delete(context.token_hash); }

ControlResult<void> Accounts::CheckNewPassword(const User& user, std::string_view password) {
  CONTROL_TRY(options_.policy.Check(password, user.name));
  if (options_.policy.history == 0) return {};
  CONTROL_ASSIGN(auto hashes, users_->RecentHashes(user.id, options_.policy.history - 1));
  for (const auto& hash : hashes) {
    if (hasher_.Verify(password, hash)) {
      return Fail(ErrorKind::kValidation, "password.reused", "new_password",
                  {{"history", std::to_string(options_.policy.history)}});
    }
  }
  return {};
}

ControlResult<void> Accounts::ChangePassword(std::string_view user, std::string_view current, std::string_view next,
                                             std::string_view source) {
  const Timestamp now_ts = clock_->Now();
  if (auto decision = throttle_.Check(user, source, now_ts); decision.verdict != LoginThrottle::Verdict::kAllowed) {
    AuditSecurity("password.change", user, source, AuditResult::kDenied, "rate-limited");
    return Fail(ErrorKind::kRateLimited, "auth.rate_limited", "",
                {{"retry_after", std::to_string(std::max<int64_t>(1, (decision.retry_after.ms() + 999) / 1000))}});
  }
  CONTROL_ASSIGN(auto found, IsValidUserName(user) ? users_->Find(user) : ControlResult<std::optional<User>>());
  const bool verified = found && !found->disabled && hasher_.Verify(current, found->password_hash);
  if (!found) hasher_.BurnVerifyTime(current);
  if (!verified) {
    (void)throttle_.RecordFailure(user, source, now_ts);
    AuditSecurity("password.change", user, source, AuditResult::kFailed, "wrong current password");
    return Fail(BadCredentials());
  }
  if (auto ok = CheckNewPassword(*found, next); !ok) {
    ControlError error = ok.error();
    if (error.field == "password") error.field = "new_password";
    AuditSecurity("password.change", found->name, source, AuditResult::kFailed, error.code);
    return Fail(std::move(error));
  }
  const int64_t now = UnixSeconds(*clock_);
  CONTROL_TRY(users_->SetPassword(found->id, hasher_.Hash(next), now, /*must_change=*/false,
                                  options_.policy.history > 0 ? options_.policy.history - 1 : 0));
  CONTROL_TRY(sessions_->DeleteForUser(found->id));
  AuditSecurity("password.change", found->name, source, AuditResult::kOk, "");
  return {};
}

ControlResult<User> Accounts::CreateUser(std::string_view name, std::string_view password, Role role) {
  if (!IsValidUserName(name)) return Fail(ErrorKind::kValidation, "user.name_invalid", "user");
  CONTROL_TRY(options_.policy.Check(password, name));
  const int64_t now = UnixSeconds(*clock_);
  User user;
  user.name = std::string(name);
  user.role = role;
  user.password_hash = hasher_.Hash(password);
  user.password_changed_at = now;
  user.created_at = now;
  return users_->Create(std::move(user));
}

ControlResult<void> Accounts::ResetPassword(std::string_view name, std::string_view password) {
  CONTROL_ASSIGN(auto user, users_->Get(name));
  CONTROL_TRY(CheckNewPassword(user, password));
  CONTROL_TRY(users_->SetPassword(user.id, hasher_.Hash(password), UnixSeconds(*clock_), /*must_change=*/true,
                                  options_.policy.history > 0 ? options_.policy.history - 1 : 0));
  return sessions_->DeleteForUser(user.id);
}

ControlResult<void> Accounts::GuardLastAdmin(const User& target, std::string_view code) {
  if (target.role != Role::kAdmin || target.disabled) return {};
  CONTROL_ASSIGN(size_t admins, users_->CountActiveAdmins());
  if (admins <= 1) return Fail(ErrorKind::kConflict, std::string(code), "user", {{"user", target.name}});
  return {};
}

ControlResult<void> Accounts::SetRole(std::string_view name, Role role, std::string_view acting_user) {
  CONTROL_ASSIGN(auto user, users_->Get(name));
  if (role != Role::kAdmin) CONTROL_TRY(GuardLastAdmin(user, "user.last_admin"));
  return users_->SetRole(user.id, role);
}

ControlResult<void> Accounts::SetDisabled(std::string_view name, bool disabled, std::string_view acting_user) {
  CONTROL_ASSIGN(auto user, users_->Get(name));
  if (disabled) {
    if (user.name == acting_user) return Fail(ErrorKind::kConflict, "user.self", "user");
    CONTROL_TRY(GuardLastAdmin(user, "user.last_admin"));
  }
  CONTROL_TRY(users_->SetDisabled(user.id, disabled));
  if (disabled) CONTROL_TRY(sessions_->DeleteForUser(user.id));
  return {};
}

ControlResult<void> Accounts::DeleteUser(std::string_view name, std::string_view acting_user) {
  CONTROL_ASSIGN(auto user, users_->Get(name));
  if (user.name == acting_user) return Fail(ErrorKind::kConflict, "user.self", "user");
  CONTROL_TRY(GuardLastAdmin(user, "user.last_admin"));
  return users_->Delete(user.id);
}

std::string Accounts::GeneratePassword() const {
  // No look-alikes (0/O, 1/l/I) in a password that is read off a terminal and typed.
  static constexpr std::string_view kLower = "abcdefghijkmnopqrstuvwxyz";
  static constexpr std::string_view kUpper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view kDigits = "23456789";
  static constexpr std::string_view kSpecial = "!#%+-=?@^_";
  const std::string all = std::string(kLower) + std::string(kUpper) + std::string(kDigits) + std::string(kSpecial);
  for (;;) {
    unsigned char random[16];
    SOFTMCU_CHECK(RAND_bytes(random, sizeof(random)) == 1);
    std::string password;
    for (unsigned char r : random) password.push_back(all[r % all.size()]);
    // Guarantee each class at fixed positions chosen by the random bytes themselves.
    password[random[0] % 4] = kLower[random[1] % kLower.size()];
    password[4 + random[2] % 4] = kUpper[random[3] % kUpper.size()];
    password[8 + random[4] % 4] = kDigits[random[5] % kDigits.size()];
    password[12 + random[6] % 4] = kSpecial[random[7] % kSpecial.size()];
    if (options_.policy.Check(password, "admin")) return password;
  }
}

ControlResult<InitialAdmin> Accounts::EnsureInitialAdmin(std::optional<std::string_view> env_password) {
  CONTROL_ASSIGN(size_t count, users_->Count());
  if (count > 0) return InitialAdmin{};
  InitialAdmin result;
  result.created = true;
  std::string password;
  if (env_password) {
    CONTROL_TRY(options_.policy.Check(*env_password, "admin"));
    password = std::string(*env_password);
  } else {
    password = GeneratePassword();
    result.generated = true;
    result.password = password;
  }
  const int64_t now = UnixSeconds(*clock_);
  User admin;
  admin.name = "admin";
  admin.role = Role::kAdmin;
  admin.password_hash = hasher_.Hash(password);
  admin.password_changed_at = now;
  admin.created_at = now;
  admin.must_change = result.generated && options_.generated_password_must_change;
  CONTROL_TRY(users_->Create(std::move(admin)));
  AuditSecurity("account.bootstrap", "admin", "", AuditResult::kOk,
                result.generated ? "generated one-time password" : "password from SOFTMCU_ADMIN_PASSWORD");
  return result;
}

}  // namespace softmcu::control
