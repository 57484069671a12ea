#include "signaling/ua/call_types.h"

namespace softmcu::sip {

std::string_view ToString(TerminationReason reason) {
  switch (reason) {
    case TerminationReason::kRemoteBye: return "remote-bye";
    case TerminationReason::kLocalHangup: return "local-hangup";
    case TerminationReason::kRemoteCancel: return "remote-cancel";
    case TerminationReason::kChallenged: return "challenged";
    case TerminationReason::kFailed: return "failed";
    case TerminationReason::kNoAnswer: return "no-answer";
    case TerminationReason::kSessionTimerExpired: return "session-timer-expired";
    case TerminationReason::kNoAck: return "no-ack";
    case TerminationReason::kTransportError: return "transport-error";
    case TerminationReason::kShutdown: return "shutdown";
  }
  return "?";
}

}  // namespace softmcu::sip
