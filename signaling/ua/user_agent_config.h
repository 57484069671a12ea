#pragma once
// Everything the SIP user agent can be told, with defaults that work for a provincial MCU.

#include <cstddef>
#include <string>

#include "core/units.h"
#include "signaling/auth/auth_failure_tracker.h"
#include "signaling/auth/digest_authenticator.h"
#include "signaling/dialog/session_timer.h"
#include "signaling/policy/source_rate_limiter.h"
#include "signaling/transaction/transaction_timers.h"

namespace softmcu::sip {

struct UserAgentConfig {
  // Server and User-Agent header: the product name only, never a version (scanners).
  std::string user_agent = "softmcu";
  std::string contact_user = "mcu";
  TransactionTimers timers;
  SessionTimerConfig session_timer;
  // 180 Ringing goes out if the conference has not answered an incoming call by then
  // (most calls go 100 → 200 directly).
  TimeDelta ringing_delay = TimeDelta::Millis(200);
  // The conference must answer an incoming call (or a re-INVITE) within this → 480 (500).
  TimeDelta answer_timeout = TimeDelta::Seconds(30);
  // More simultaneous calls than this → 503 with Retry-After (the conference layer has its
  // own, finer capacity rule; this protects the stack itself).
  size_t max_calls = 2000;
  uint32_t busy_retry_after_seconds = 30;
  SourceRateLimiterConfig rate_limit;
  DigestServerConfig digest;
  AuthBlockConfig auth_block;
  // Realm of re-challenges after failed credentials whose nonce we cannot trust.
  std::string default_realm = "softmcu";
};

}  // namespace softmcu::sip
