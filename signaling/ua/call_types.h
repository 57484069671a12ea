#pragma once
// The vocabulary of the SIP user agent's API to the conference layer: call handles, what an
// incoming call looks like, how to place one, and why a call ended. Plain values.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "core/units.h"
#include "signaling/auth/digest_client.h"
#include "signaling/sdp/session_description.h"
#include "signaling/transport/transport_address.h"

namespace softmcu::sip {

// Stable, opaque and never reused within a process. Zero is "no call".
struct CallHandle {
  uint64_t value = 0;
  explicit operator bool() const { return value != 0; }
  auto operator<=>(const CallHandle&) const = default;
};

struct IncomingCall {
  CallHandle handle;
  std::string request_user;  // Request-URI user part, unescaped: the room number
  std::string request_uri;
  std::string from_uri;
  std::string from_display_name;  // UTF-8 ("UBND huyện Triệu Sơn"), may be empty
  std::string to_uri;
  TransportAddress source;  // where the INVITE came from (allow lists check this)
  // The offer; nullopt for an INVITE without SDP (Accept() then sends our offer and the
  // answer arrives with OnSipCallAnswered).
  std::optional<sdp::SessionDescription> offer;
  // The user name whose digest credentials we verified for this INVITE (after a
  // Challenge()); nullopt when the INVITE carried none.
  std::optional<std::string> authenticated_user;
  std::string user_agent;  // the peer's User-Agent, for logs
  std::string call_id;
};

struct PlaceCallOptions {
  // Transport: the URI's transport= parameter, sips: → TLS, else this.
  TransportKind transport = TransportKind::kUdp;
  // Ringing without an answer for this long → CANCEL, ended with kNoAnswer.
  TimeDelta answer_timeout = TimeDelta::Seconds(60);
  // A failed attempt (timeout, transport error, 408, 480, 486, 5xx, 600, 603) is tried
  // again this many times, `backoff` apart, doubling each time.
  int retries = 0;
  TimeDelta backoff = TimeDelta::Seconds(5);
  // Used when the peer answers 401/407.
  std::optional<DigestCredentials> credentials;
  std::string display_name = "softmcu";  // our From display name (UTF-8)
  std::string from_user = "mcu";
};

enum class TerminationReason {
  kRemoteBye,            // the peer hung up
  kLocalHangup,          // Hangup() (or Reject() of an incoming call)
  kRemoteCancel,         // the caller cancelled before we answered
  kChallenged,           // Challenge() sent a 401; the caller retries as a new incoming call
  kFailed,               // an outgoing call was refused or could not be set up (status tells)
  kNoAnswer,             // nobody answered in time (incoming: the upper layer; outgoing: the peer)
  kSessionTimerExpired,  // RFC 4028: no refresh came, or our refresh failed
  kNoAck,                // our 2xx was never acknowledged (§13.3.1.4)
  kTransportError,       // a request in the dialog could not be delivered or timed out
  kShutdown,             // the stack stopped
};
std::string_view ToString(TerminationReason reason);

struct CallEnd {
  TerminationReason reason = TerminationReason::kLocalHangup;
  int status = 0;      // the SIP status that ended it, when there was one
  std::string detail;  // reason phrase or what went wrong, for logs and the logbook
};

struct RejectOptions {
  int status = 603;
  std::string reason = "Decline";
  std::optional<uint32_t> retry_after_seconds;  // with 503/480/486
  std::string warning;                          // Warning: 399 softmcu "<text>"
  // A policy refusal (allow list, unknown point): logged with the source address and
  // reported as a security event.
  bool security_event = false;
};

struct ReInviteResult {
  bool accepted = false;
  int status = 0;
  std::optional<sdp::SessionDescription> answer;  // when accepted
};

}  // namespace softmcu::sip
