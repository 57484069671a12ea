// Accounts: login, throttling, sessions, the password policy with history and expiry, the
// first admin, and the account guards.
#include <gtest/gtest.h>

#include "control/auth/login_throttle.h"
#include "control/auth/password_hasher.h"
#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

class AccountsTest : public ControlTest {
 protected:
  void SetUp() override {
    Open();
    ASSERT_TRUE(plane_->accounts().CreateUser("lan", "Mat-khau#2027", Role::kOperator));
  }
  Accounts& accounts() { return plane_->accounts(); }
};

TEST(PasswordHasher, HashesVerifyAndAreSalted) {
  PasswordHasher hasher(1000);
  const std::string a = hasher.Hash("Quan-tri#2027");
  const std::string b = hasher.Hash("Quan-tri#2027");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_TRUE(hasher.Verify("Quan-tri#2027", a));
  EXPECT_FALSE(hasher.Verify("Quan-tri#2028", a));
  for (const char* bad : {"", "pbkdf2-sha256$", "pbkdf2-sha256$0$AAAA$AAAA", "md5$1$2$3",
                          "pbkdf2-sha256$1000$!!!!$AAAA", "pbkdf2-sha256$99999999999$AAAA$AAAA"}) {
    EXPECT_FALSE(hasher.Verify("x", bad)) << bad;
  }
  EXPECT_EQ(RandomHex(32).size(), 64u);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(AccountsTest, LoginHandsOutATokenThatAuthenticates) {
  auto login = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  ASSERT_TRUE(login) << login.error().code;
  EXPECT_EQ(login->token.size(), 64u);
  auto context = accounts().Authenticate(login->token);
  ASSERT_TRUE(context);
  EXPECT_EQ(context->user, "lan");
  EXPECT_EQ(context->role, Role::kOperator);
  EXPECT_EQ(context->csrf_token, login->context.csrf_token);
  // The database holds only the token's hash.
  auto stored = plane_->sessions().Find(login->token);
  ASSERT_TRUE(stored);
  EXPECT_FALSE(*stored);
  EXPECT_TRUE(*plane_->sessions().Find(Sha256Hex(login->token)));
}

TEST_F(AccountsTest, WrongPasswordUnknownUserAndDisabledAccountLookTheSame) {
  EXPECT_EQ(accounts().Login("lan", "Wrong#2027x", "192.0.2.1").error().code, "auth.bad_credentials");
  EXPECT_EQ(accounts().Login("nobody", "Wrong#2027x", "192.0.2.1").error().code, "auth.bad_credentials");
  ASSERT_TRUE(accounts().SetDisabled("lan", true, "admin"));
  EXPECT_EQ(accounts().Login("lan", "Mat-khau#2027", "192.0.2.1").error().code, "auth.bad_credentials");
  AuditQuery q;
  q.action_prefix = "login";
  auto entries = plane_->audit().List(q);
  ASSERT_EQ(entries->size(), 3u);
  for (const auto& e : *entries) {
    EXPECT_EQ(e.category, AuditCategory::kSecurity);
    EXPECT_EQ(e.result, AuditResult::kFailed);
    EXPECT_EQ(e.source, "192.0.2.1");
  }
}

TEST_F(AccountsTest, RepeatedFailuresLockTheAccountThenItUnlocks) {
  for (int i = 0; i < 5; ++i) accounts().Login("lan", "Wrong#2027x", "192.0.2.1");
  // Even the right password is refused while locked, from any source.
  auto locked = accounts().Login("lan", "Mat-khau#2027", "192.0.2.77");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, "auth.rate_limited");
  EXPECT_EQ(locked.error().kind, ErrorKind::kRateLimited);
  EXPECT_EQ(locked.error().Arg("retry_after"), "900");
  AuditQuery q;
  q.action_prefix = "login.locked";
  EXPECT_EQ(plane_->audit().List(q)->size(), 1u);
  clock_.Advance(TimeDelta::Seconds(15 * 60));
  EXPECT_TRUE(accounts().Login("lan", "Mat-khau#2027", "192.0.2.77"));
}

TEST(LoginThrottle, ASourceTryingManyAccountsIsBlocked) {
  LoginThrottleOptions options;
  options.source_failures = 3;
  LoginThrottle throttle(options);
  Timestamp now = Timestamp::Seconds(1000);
  for (const char* user : {"a", "b", "c"}) throttle.RecordFailure(user, "203.0.113.5", now);
  EXPECT_EQ(throttle.Check("d", "203.0.113.5", now).verdict, LoginThrottle::Verdict::kSourceBlocked);
  EXPECT_EQ(throttle.Check("d", "203.0.113.6", now).verdict, LoginThrottle::Verdict::kAllowed);
}

TEST(LoginThrottle, FailuresOutsideTheWindowDoNotAddUp) {
  LoginThrottle throttle(LoginThrottleOptions{});
  Timestamp now = Timestamp::Seconds(1000);
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("u", "s", now);
  now += TimeDelta::Seconds(16 * 60);
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("u", "s", now);
  EXPECT_EQ(throttle.Check("u", "s", now).verdict, LoginThrottle::Verdict::kAllowed);
}

TEST(LoginThrottle, TablesStayBounded) {
  LoginThrottleOptions options;
  options.max_entries = 100;
  LoginThrottle throttle(options);
  Timestamp now = Timestamp::Seconds(1000);
  for (int i = 0; i < 10'000; ++i) throttle.RecordFailure("user" + std::to_string(i), "s" + std::to_string(i), now);
  // Still answers; the latest entries are tracked.
  EXPECT_EQ(throttle.Check("user9999", "s9999", now).verdict, LoginThrottle::Verdict::kAllowed);
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAtTheirEnd) {
  auto login = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  clock_.Advance(TimeDelta::Seconds(29 * 60));
  ASSERT_TRUE(accounts().Authenticate(login->token));
  clock_.Advance(TimeDelta::Seconds(31 * 60));  // idle for 31 minutes
  EXPECT_EQ(accounts().Authenticate(login->token).error().code, "auth.session_expired");

  auto second = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  for (int i = 0; i < 16; ++i) {  // active, but 8 hours is the limit
    clock_.Advance(TimeDelta::Seconds(29 * 60));
    if (i < 16) (void)accounts().Authenticate(second->token);
  }
  clock_.Advance(TimeDelta::Seconds(20 * 60));
  EXPECT_EQ(accounts().Authenticate(second->token).error().code, "auth.session_expired");
  EXPECT_EQ(accounts().Authenticate("not-a-token").error().code, "auth.invalid_token");
  EXPECT_EQ(accounts().Authenticate(std::string(64, 'a')).error().code, "auth.invalid_token");
}

TEST_F(AccountsTest, PasswordChangeAppliesThePolicyAndTheHistory) {
  const std::string source = "192.0.2.1";
  EXPECT_EQ(accounts().ChangePassword("lan", "Mat-khau#2027", "short", source).error().code, "password.too_short");
  auto reused = accounts().ChangePassword("lan", "Mat-khau#2027", "Mat-khau#2027", source);
  ASSERT_FALSE(reused);
  EXPECT_EQ(reused.error().code, "password.reused");
  EXPECT_EQ(reused.error().field, "new_password");
  // Five changes; each of the last five is refused, the sixth-oldest is allowed again.
  std::string current = "Mat-khau#2027";
  for (int i = 1; i <= 5; ++i) {
    std::string next = "Mat-khau#" + std::to_string(3000 + i);
    ASSERT_TRUE(accounts().ChangePassword("lan", current, next, source)) << i;
    current = next;
  }
  EXPECT_EQ(accounts().ChangePassword("lan", current, "Mat-khau#3002", source).error().code, "password.reused");
  EXPECT_TRUE(accounts().ChangePassword("lan", current, "Mat-khau#2027", source));
  EXPECT_EQ(accounts().ChangePassword("lan", "wrong", "Mat-khau#4000", source).error().code, "auth.bad_credentials");
}

TEST_F(AccountsTest, ChangingThePasswordEndsEverySession) {
  auto login = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  ASSERT_TRUE(accounts().ChangePassword("lan", "Mat-khau#2027", "Mat-khau#2028", "192.0.2.1"));
  EXPECT_EQ(accounts().Authenticate(login->token).error().code, "auth.invalid_token");
}

TEST_F(AccountsTest, AnExpiredPasswordMustBeChangedBeforeLoggingIn) {
  auto login = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  clock_.Advance(TimeDelta::Seconds(180 * 86400));
  auto refused = accounts().Login("lan", "Mat-khau#2027", "192.0.2.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "auth.password_expired");
  EXPECT_EQ(refused.error().kind, ErrorKind::kForbidden);
  ASSERT_TRUE(accounts().ChangePassword("lan", "Mat-khau#2027", "Mat-khau#2028", "192.0.2.1"));
  EXPECT_TRUE(accounts().Login("lan", "Mat-khau#2028", "192.0.2.1"));
}

TEST_F(AccountsTest, InitialAdminFromTheEnvironmentMustSatisfyThePolicy) {
  plane_.reset();
  TempDir other;
  Open(TestOptions(other.path()));
  auto weak = plane_->EnsureInitialAdmin("admin123");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, "password.no_upper");
  EXPECT_EQ(*plane_->users().Count(), 0u);
  auto made = plane_->EnsureInitialAdmin("Quan-tri#2027");
  ASSERT_TRUE(made);
  EXPECT_TRUE(made->created);
  EXPECT_FALSE(made->generated);
  EXPECT_TRUE(plane_->accounts().Login("admin", "Quan-tri#2027", "127.0.0.1"));
  // Second start: nothing happens.
  auto again = plane_->EnsureInitialAdmin("Other#Pass2027");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
}

TEST_F(AccountsTest, AGeneratedInitialPasswordIsPrintedOnceAndMustBeChanged) {
  plane_.reset();
  TempDir other;
  Open(TestOptions(other.path()));
  auto made = plane_->EnsureInitialAdmin(nullptr);
  ASSERT_TRUE(made);
  ASSERT_TRUE(made->generated);
  EXPECT_TRUE(PasswordPolicy{}.Check(made->password, "admin"));
  auto login = plane_->accounts().Login("admin", made->password, "127.0.0.1");
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code, "auth.password_change_required");
  ASSERT_TRUE(plane_->accounts().ChangePassword("admin", made->password, "Quan-tri#2027", "127.0.0.1"));
  EXPECT_TRUE(plane_->accounts().Login("admin", "Quan-tri#2027", "127.0.0.1"));
}

TEST_F(AccountsTest, TheLastAdminCannotBeRemovedAndNobodyDisablesThemselves) {
  ASSERT_TRUE(accounts().CreateUser("admin", "Quan-tri#2027", Role::kAdmin));
  EXPECT_EQ(accounts().SetRole("admin", Role::kViewer, "lan").error().code, "user.last_admin");
  EXPECT_EQ(accounts().DeleteUser("admin", "lan").error().code, "user.last_admin");
  EXPECT_EQ(accounts().SetDisabled("admin", true, "admin").error().code, "user.self");
  ASSERT_TRUE(accounts().SetRole("lan", Role::kAdmin, "admin"));
  EXPECT_TRUE(accounts().SetRole("admin", Role::kViewer, "lan"));
}

TEST_F(AccountsTest, GeneratedPasswordsSatisfyThePolicy) {
  for (int i = 0; i < 200; ++i) {
    const std::string password = accounts().GeneratePassword();
    EXPECT_EQ(password.size(), 16u);
    EXPECT_TRUE(PasswordPolicy{}.Check(password, "admin")) << password;
  }
}

}  // namespace
}  // namespace softmcu::control::testing
