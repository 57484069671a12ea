#pragma once
// Login rate limiting: a password guesser is slowed per source address and per account.
//
//  - per account: `user_failures` failed logins within `window` lock the account for
//    `lockout` (from every source; the lock is audited). This lets an attacker lock an
//    operator out for 15 minutes, which is the accepted price: the alternative lets a
//    botnet guess forever.
//  - per source: `source_failures` failures within `window` refuse that address for
//    `lockout`, whatever account it tries (a sprayer trying one password on many names).
//
// Checked BEFORE the password is verified, so a locked account costs no KDF time and its
// answer does not reveal whether the password was right. Fixed windows; bounded tables
// (`max_entries` each; on overflow the stalest unlocked entry is dropped).
//
// A pure state machine on injected time; thread-safe (one mutex; called by HTTP workers).

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/units.h"

namespace softmcu::control {

struct LoginThrottleOptions {
  int user_failures = 5;
  int source_failures = 20;
  TimeDelta window = TimeDelta::Seconds(15 * 60);
  TimeDelta lockout = TimeDelta::Seconds(15 * 60);
  size_t max_entries = 10'000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options) : options_(options) {}

  enum class Verdict { kAllowed, kSourceBlocked, kUserLocked };
  struct Decision {
    Verdict verdict = Verdict::kAllowed;
    TimeDelta retry_after;
  };
  Decision Check(std::string_view user, std::string_view source, Timestamp now);

  struct FailureOutcome {
    bool user_locked_now = false;
    bool source_blocked_now = false;
  };
  FailureOutcome RecordFailure(std::string_view user, std::string_view source, Timestamp now);
  // A successful login clears the account's failures (not the source's).
  void RecordSuccess(std::string_view user);

 private:
  struct Entry {
    Timestamp window_start;
    int failures = 0;
    Timestamp locked_until;
  };
  using Table = std::map<std::string, Entry, std::less<>>;
  // Counts one failure; true when this failure locked the entry.
  bool CountFailure(Table& table, const std::string& key, int limit, Timestamp now);
  void MakeRoom(Table& table, Timestamp now);

  const LoginThrottleOptions options_;
  std::mutex mutex_;
  Table users_;    // guarded by mutex_; keys lower-cased
  Table sources_;  // guarded by mutex_
};

}  // namespace softmcu::control
