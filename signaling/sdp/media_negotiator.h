#pragma once
// SDP offer/answer (RFC 3264) for an MCU with fixed capabilities: Opus (+ telephone-event)
// audio, H.264 video, an optional second H.264 video for a=content:slides, SDES-SRTP.
//
// Incoming call: AnswerOffer(offer, local) → our answer SDP + a NegotiatedSession, or a
// NegotiationFailure (SIP 488 + reason) when nothing usable remains. Every offered m-line
// is answered in order; the ones we do not take get port 0 with the offer's proto and
// formats (RFC 3264 §6). Dial-out: CreateOffer(local) → LocalOffer (the SDP and the keys
// behind it); ProcessAnswer(offer, answer) checks the answer chose from what we offered.
//
// Pure and stateless apart from the capabilities: no I/O, no clock; safe to use from any
// thread. Generated SDES keys come from OpenSSL's CSPRNG (SdesKey::Generate).

#include <vector>

#include "signaling/sdp/crypto_attribute.h"
#include "signaling/sdp/media_capabilities.h"
#include "signaling/sdp/negotiated_session.h"
#include "signaling/sdp/negotiation_failure.h"
#include "signaling/sdp/session_description.h"

namespace softmcu::sdp {

struct NegotiatedAnswer {
  SessionDescription answer;
  NegotiatedSession session;
};

// An offer of ours and the keys it carries, kept until the answer arrives.
struct LocalOffer {
  struct Stream {
    StreamRole role;
    std::vector<CryptoAttribute> cryptos;  // our a=crypto lines, with keys
  };
  SessionDescription sdp;
  std::vector<Stream> streams;  // one per m-line, in order
};

class MediaNegotiator {
 public:
  explicit MediaNegotiator(MediaCapabilities capabilities) : caps_(std::move(capabilities)) {}

  NegotiationResult<NegotiatedAnswer> AnswerOffer(const SessionDescription& offer,
                                                  const LocalMedia& local) const;
  NegotiationResult<LocalOffer> CreateOffer(const LocalMedia& local) const;
  NegotiationResult<NegotiatedSession> ProcessAnswer(const LocalOffer& offer,
                                                     const SessionDescription& answer) const;

  const MediaCapabilities& capabilities() const { return caps_; }

 private:
  const MediaCapabilities caps_;
};

}  // namespace softmcu::sdp
