#pragma once
// Security-relevant things the SIP layer saw, for the audit log (An Giang art. 12.3-12.5:
// monitor security events, keep the records). Every event names the source address.
// Delivered on the signalling thread to a SipSecurityListener; the listener must not block
// (queue to the store).

#include <string>
#include <string_view>

#include "core/units.h"
#include "signaling/transport/transport_address.h"

namespace softmcu::sip {

enum class SecurityEventKind {
  kPolicyRejection,     // the conference layer refused the caller (allow list, unknown point)
  kAuthFailure,         // wrong digest credentials (or an unknown user: same answer on the wire)
  kSourceBlocked,       // too many auth failures: the source is ignored for a while
  kRateLimited,         // a source went over its request rate
  kTransportViolation,  // endless header, unframeable stream, too many connections
};
std::string_view ToString(SecurityEventKind kind);

struct SecurityEvent {
  SecurityEventKind kind = SecurityEventKind::kPolicyRejection;
  TransportAddress source;
  std::string detail;  // what happened, human-readable
  std::string user;    // the user or room concerned, when known
  Timestamp time;
};

class SipSecurityListener {
 public:
  virtual void OnSipSecurityEvent(const SecurityEvent& event) = 0;

 protected:
  ~SipSecurityListener() = default;
};

}  // namespace softmcu::sip
