#include "control/auth/login_throttle.h"

#include <algorithm>

namespace softmcu::control {
namespace {

std::string UserKey(std::string_view user) {
  std::string key(user.substr(0, 128));
  std::transform(key.begin(), key.end(), key.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return key;
}

}  // namespace

LoginThrottle::Decision LoginThrottle::Check(std::string_view user, std::string_view source, Timestamp now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = sources_.find(source); it != sources_.end() && it->second.locked_until > now) {
    return {Verdict::kSourceBlocked, it->second.locked_until - now};
  }
  if (auto it = users_.find(UserKey(user)); it != users_.end() && it->second.locked_until > now) {
    return {Verdict::kUserLocked, it->second.locked_until - now};
  }
  return {};
}

bool LoginThrottle::CountFailure(Table& table, const std::string& key, int limit, Timestamp now) {
  auto it = table.find(key);
  if (it == table.end()) {
    MakeRoom(table, now);
    it = table.emplace(key, Entry{now, 0, Timestamp()}).first;
  }
  Entry& e = it->second;
  if (now - e.window_start >= options_.window) {
    e.window_start = now;
    e.failures = 0;
  }
  if (++e.failures < limit) return false;
  e.locked_until = now + options_.lockout;
  e.failures = 0;
  e.window_start = now;
  return true;
}

void LoginThrottle::MakeRoom(Table& table, Timestamp now) {
  if (table.size() < options_.max_entries) return;
  // Drop what no longer matters; if everything still matters, the stalest unlocked entry.
  for (auto it = table.begin(); it != table.end();) {
    const bool stale = now - it->second.window_start >= options_.window && it->second.locked_until <= now;
    it = stale ? table.erase(it) : std::next(it);
  }
  if (table.size() < options_.max_entries) return;
  auto victim = table.end();
  for (auto it = table.begin(); it != table.end(); ++it) {
    if (it->second.locked_until > now) continue;
    if (victim == table.end() || it->second.window_start < victim->second.window_start) victim = it;
  }
  if (victim == table.end()) victim = table.begin();
  table.erase(victim);
}

LoginThrottle::FailureOutcome LoginThrottle::RecordFailure(std::string_view user, std::string_view source,
                                                           Timestamp now) {
  std::lock_guard<std::mutex> lock(mutex_);
  FailureOutcome out;
  out.user_locked_now = CountFailure(users_, UserKey(user), options_.user_failures, now);
  out.source_blocked_now = CountFailure(sources_, std::string(source), options_.source_failures, now);
  return out;
}

void LoginThrottle::RecordSuccess(std::string_view user) {
  std::lock_guard<std::mutex> lock(mutex_);
  users_.erase(UserKey(user));
}

}  // namespace softmcu::control
