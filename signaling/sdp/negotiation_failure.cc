#include "signaling/sdp/negotiation_failure.h"

namespace softmcu::sdp {

std::string_view ToString(NegotiationError error) {
  switch (error) {
    case NegotiationError::kSrtpRequired:
      return "srtp-required";
    case NegotiationError::kNoCommonCodec:
      return "no-common-codec";
    case NegotiationError::kNoUsableMedia:
      return "no-usable-media";
    case NegotiationError::kInvalidOffer:
      return "invalid-offer";
    case NegotiationError::kInvalidAnswer:
      return "invalid-answer";
  }
  return "no-usable-media";
}

}  // namespace softmcu::sdp
