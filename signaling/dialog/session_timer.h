#pragma once
// Session timers (RFC 4028): both ends agree on an interval and on who refreshes the
// session (re-INVITE or UPDATE) before it runs out; the other end tears the call down
// (BYE) when no refresh comes. This is how the MCU notices a bridge point that vanished
// without a BYE (power cut, link down), even when nobody looks at RTP.
//
// The negotiation is a pure function of our configuration and the headers (Session-
// Expires, Min-SE, Supported/Require: timer); the Call owns the timer that acts on it:
//
//   UAS (§9):  SE below our Min-SE → 422 with Min-SE; else the interval is the request's
//              (lowered to ours), the refresher the request's choice, else the UAC if it
//              supports timers, else us; the 2xx echoes Session-Expires (+ Require: timer
//              if the UAC supports it). No SE in the request: we add ours, same rules.
//   UAC (§7):  Supported: timer, Session-Expires (our interval), Min-SE. A 2xx with SE
//              fixes interval and refresher; without SE there is no session timer
//              (§7.2); a 422 means retry with its Min-SE.
//   Runtime (§10): the refresher refreshes at half the interval; the other side sends
//              BYE at interval − min(32 s, interval/3) without a refresh.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/units.h"
#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

struct SessionTimerConfig {
  bool enabled = true;
  uint32_t interval_seconds = 1800;  // RFC 4028 §4 recommends 1800
  uint32_t min_se_seconds = 90;      // the smallest we accept; RFC 4028 §4: at least 90
};

enum class SessionRefresher { kLocal, kRemote };

struct SessionInterval {
  uint32_t seconds = 0;
  SessionRefresher refresher = SessionRefresher::kRemote;
  bool operator==(const SessionInterval&) const = default;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class SessionTimerNegotiation {
 public:
  explicit SessionTimerNegotiation(SessionTimerConfig config) : config_(config) {}

  struct UasResult {
    std::optional<uint32_t> reject_with_min_se;  // answer 422 with this Min-SE
    std::optional<SessionInterval> interval;     // nullopt: no session timer
    HeaderList response_headers;                 // for the 2xx
  };
  // An INVITE or UPDATE (initial or refresh) we answer.
  UasResult OnRequest(const SipMessage& request) const;

  // Session-Expires and Min-SE for an INVITE/UPDATE we send (the caller adds Supported:
  // timer); `seconds` overrides our interval (after a 422, or to keep the agreed one on a
  // refresh).
  HeaderList RequestHeaders(std::optional<uint32_t> seconds = std::nullopt) const;
  // Our INVITE/UPDATE got a 2xx.
  std::optional<SessionInterval> OnSuccess(const SipMessage& response) const;
  // Our INVITE/UPDATE got a 422: the interval to retry with, or nullopt if unusable.
  std::optional<uint32_t> On422(const SipMessage& response, uint32_t sent_seconds) const;

  // How long until the side in charge acts (§10).
  static TimeDelta ActionDelay(const SessionInterval& interval);

  const SessionTimerConfig& config() const { return config_; }

 private:
  const SessionTimerConfig config_;
};

// True if a comma list header (Supported, Require) of `message` names `option`.
bool HasOptionTag(const SipMessage& message, HeaderId header, std::string_view option);

}  // namespace softmcu::sip
