#pragma once
// Per-source request rate limiting for requests that open new SIP state (INVITE, OPTIONS,
// REGISTER... outside a dialog, and unparseable junk): one token bucket per source IP
// address, in a bounded table. A source over its rate gets one 503 (with Retry-After)
// per `answer_interval` so a legitimate but bursty UA learns to back off, and silence
// otherwise, so a flood costs us a map lookup per datagram and never an answer per
// datagram. The first refusal after a quiet period is flagged for a security event.
//
// A pure state machine over injected time (CONVENTIONS.md §10). Threading: one thread.

#include <cstdint>

#include <asio/ip/address.hpp>

#include "core/units.h"
#include "signaling/policy/source_table.h"
#include "transport/policer/token_bucket.h"

namespace softmcu::sip {

struct SourceRateLimiterConfig {
  double requests_per_second = 20;  // sustained, per source address
  int burst = 40;                   // a room system's call plus retries fits easily
  size_t max_sources = 4096;
  TimeDelta answer_interval = TimeDelta::Seconds(1);  // at most one 503 per source this often
  // A refusal this long after the previous one counts as a new episode (a new security event).
  TimeDelta episode_gap = TimeDelta::Seconds(60);
};

class SourceRateLimiter {
 public:
  enum class Verdict { kAllow, kAnswer503, kDrop };
  struct Decision {
    Verdict verdict = Verdict::kAllow;
    bool new_episode = false;  // report a security event
  };

  explicit SourceRateLimiter(SourceRateLimiterConfig config) : config_(config), table_(config.max_sources) {}

  Decision Check(const asio::ip::address& source, Timestamp now);

  uint64_t allowed() const { return allowed_; }
  uint64_t refused() const { return refused_; }
  size_t sources() const { return table_.size(); }
  const SourceRateLimiterConfig& config() const { return config_; }

 private:
  struct SourceState {
    TokenBucket bucket;
    Timestamp last_answer;
    Timestamp last_refusal;
    bool refused_before = false;
  };

  const SourceRateLimiterConfig config_;
  SourceTable<SourceState> table_;
  uint64_t allowed_ = 0;
  uint64_t refused_ = 0;
};

}  // namespace softmcu::sip
