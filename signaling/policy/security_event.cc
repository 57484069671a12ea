#include "signaling/policy/security_event.h"

namespace softmcu::sip {

std::string_view ToString(SecurityEventKind kind) {
  switch (kind) {
    case SecurityEventKind::kPolicyRejection: return "policy-rejection";
    case SecurityEventKind::kAuthFailure: return "auth-failure";
    case SecurityEventKind::kSourceBlocked: return "source-blocked";
    case SecurityEventKind::kRateLimited: return "rate-limited";
    case SecurityEventKind::kTransportViolation: return "transport-violation";
  }
  return "?";
}

}  // namespace softmcu::sip
