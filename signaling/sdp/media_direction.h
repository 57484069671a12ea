#pragma once
// The direction attributes (RFC 8866 §6.7, RFC 3264 §5.1 and §6.1): sendrecv (the
// default), sendonly, recvonly, inactive — always from the point of view of the SDP's author.

#include <optional>
#include <string_view>

namespace softmcu::sdp {

enum class MediaDirection { kSendRecv, kSendOnly, kRecvOnly, kInactive };

std::string_view ToString(MediaDirection direction);
std::optional<MediaDirection> ParseMediaDirection(std::string_view name);  // exact attribute names
// The direction an answer gives to an offered one (RFC 3264 §6.1): sendonly ↔ recvonly.
MediaDirection Reverse(MediaDirection direction);
// Narrows `offered` to what the answerer can do (both flags): sendrecv offered to a
// receive-only answerer becomes recvonly, and so on.
MediaDirection AnswerDirection(MediaDirection offered, bool we_send, bool we_receive);
bool Sends(MediaDirection direction);
bool Receives(MediaDirection direction);

}  // namespace softmcu::sdp
