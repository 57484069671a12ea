#pragma once
// Blocks a source address that keeps failing digest authentication: `max_failures`
// within `window` blocks it for `block_duration` (a password-guessing bridge point or
// scanner then costs us nothing). A success clears the source's count. Bounded table,
// pure state machine over injected time. Threading: one thread.

#include <cstdint>

#include <asio/ip/address.hpp>

#include "core/units.h"
#include "signaling/policy/source_table.h"

namespace softmcu::sip {

struct AuthBlockConfig {
  int max_failures = 5;
  TimeDelta window = TimeDelta::Seconds(300);
  TimeDelta block_duration = TimeDelta::Seconds(900);
  size_t max_sources = 4096;
};

class AuthFailureTracker {
 public:
  explicit AuthFailureTracker(AuthBlockConfig config) : config_(config), table_(config.max_sources) {}

  bool IsBlocked(const asio::ip::address& source, Timestamp now);
  // Counts a failure; true if it is the one that blocks the source.
  bool RecordFailure(const asio::ip::address& source, Timestamp now);
  void RecordSuccess(const asio::ip::address& source) { table_.Erase(source); }

  const AuthBlockConfig& config() const { return config_; }
  uint64_t blocked_requests() const { return blocked_requests_; }

 private:
  struct SourceState {
    int failures = 0;
    Timestamp window_start;
    Timestamp blocked_until;
  };
  const AuthBlockConfig config_;
  SourceTable<SourceState> table_;
  uint64_t blocked_requests_ = 0;
};

}  // namespace softmcu::sip
