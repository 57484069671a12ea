#include "signaling/sdp/media_direction.h"

namespace softmcu::sdp {

std::string_view ToString(MediaDirection direction) {
  switch (direction) {
    case MediaDirection::kSendRecv:
      return "sendrecv";
    case MediaDirection::kSendOnly:
      return "sendonly";
    case MediaDirection::kRecvOnly:
      return "recvonly";
    case MediaDirection::kInactive:
      return "inactive";
  }
  return "sendrecv";
}

std::optional<MediaDirection> ParseMediaDirection(std::string_view name) {
  for (auto d : {MediaDirection::kSendRecv, MediaDirection::kSendOnly, MediaDirection::kRecvOnly,
                 MediaDirection::kInactive}) {
    if (name == ToString(d)) return d;
  }
  return std::nullopt;
}

MediaDirection Reverse(MediaDirection direction) {
  switch (direction) {
    case MediaDirection::kSendOnly:
      return MediaDirection::kRecvOnly;
    case MediaDirection::kRecvOnly:
      return MediaDirection::kSendOnly;
    default:
      return direction;
  }
}

bool Sends(MediaDirection direction) {
  return direction == MediaDirection::kSendRecv || direction == MediaDirection::kSendOnly;
}

bool Receives(MediaDirection direction) {
  return direction == MediaDirection::kSendRecv || direction == MediaDirection::kRecvOnly;
}

MediaDirection AnswerDirection(MediaDirection offered, bool we_send, bool we_receive) {
  // RFC 3264 §6.1: we may send only if the offerer receives, receive only if it sends.
  const bool send = we_send && Receives(offered);
  const bool receive = we_receive && Sends(offered);
  if (send && receive) return MediaDirection::kSendRecv;
  if (send) return MediaDirection::kSendOnly;
  if (receive) return MediaDirection::kRecvOnly;
  return MediaDirection::kInactive;
}

}  // namespace softmcu::sdp
