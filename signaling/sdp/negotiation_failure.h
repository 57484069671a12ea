#pragma once
// Why an offer (or the answer to our offer) cannot be used: a stable code for callers,
// the SIP status to send (488 Not Acceptable Here, RFC 3261 §21.4.26) and a human reason
// for the Warning/Reason header and the log, e.g. "SRTP required: the offer has no
// a=crypto with AES_CM_128_HMAC_SHA1_80 or AES_CM_128_HMAC_SHA1_32".

#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace softmcu::sdp {

enum class NegotiationError {
  kSrtpRequired,   // no usable a=crypto and the room requires SRTP
  kNoCommonCodec,  // audio/video offered, but not in a codec softmcu has
  kNoUsableMedia,  // nothing softmcu could accept (no audio/video, all disabled, ...)
  kInvalidOffer,   // the offer breaks a rule softmcu relies on (no usable c= address)
  kInvalidAnswer,  // the answer to our offer is not a valid answer to it (RFC 3264 §6)
};

std::string_view ToString(NegotiationError error);

struct NegotiationFailure {
  NegotiationError code = NegotiationError::kNoUsableMedia;
  int sip_status = 488;
  std::string reason;
};

template <typename T>
using NegotiationResult = tl::expected<T, NegotiationFailure>;

}  // namespace softmcu::sdp
