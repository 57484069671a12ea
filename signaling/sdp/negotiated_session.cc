#include "signaling/sdp/negotiated_session.h"

namespace softmcu::sdp {

std::string_view ToString(StreamRole role) {
  switch (role) {
    case StreamRole::kAudio:
      return "audio";
    case StreamRole::kVideo:
      return "video";
    case StreamRole::kContent:
      return "content";
  }
  return "audio";
}

std::optional<DataRate> NegotiatedSession::SendBudget() const {
  if (remote_session_bandwidth) return remote_session_bandwidth;
  std::optional<DataRate> sum;
  for (const auto* s : {&audio, &video, &content}) {
    if (*s && (*s)->remote_bandwidth) {
      sum = DataRate::BitsPerSec(sum.value_or(DataRate()).bps() + (*s)->remote_bandwidth->bps());
    }
  }
  return sum;
}

}  // namespace softmcu::sdp
