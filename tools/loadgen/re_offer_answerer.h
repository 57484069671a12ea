#pragma once
// Answers a new offer that arrives inside an established call (a re-INVITE or UPDATE whose
// SDP changed: the MCU renegotiating bandwidth or resolution, hold/resume) so that the
// call goes on with the media it already has. A load-generator endpoint cannot move its
// sockets or re-key its SRTP mid-call, so the answer keeps what we sent before: the same
// address, ports and SSRCs, and for SRTP our same key for the suite the offer now picks
// (under the tag of the new offer's line, RFC 4568 §7.1.2). Codecs, directions and
// bandwidth are answered afresh by sdp::MediaNegotiator against the new offer.
//
// An offer that moves to a suite we never keyed is refused (488): our sender would have to
// re-key. What the far end changes on its side (its ports, its keys) is not followed by the
// endpoint — a limit stated in tools/loadgen/README.md.
//
// Pure: no I/O, no clock, any thread. Borrows the negotiator, which must outlive it.

#include "signaling/sdp/media_negotiator.h"
#include "signaling/sdp/session_description.h"

namespace softmcu::loadgen {

class ReOfferAnswerer {
 public:
  explicit ReOfferAnswerer(const sdp::MediaNegotiator* negotiator) : negotiator_(negotiator) {}

  // `local`: the SDP we last sent in this call — our offer when we dialled, our answer when
  // the MCU called us.
  sdp::NegotiationResult<sdp::SessionDescription> Answer(const sdp::SessionDescription& offer,
                                                         const sdp::SessionDescription& local) const;

 private:
  const sdp::MediaNegotiator* const negotiator_;
};

}  // namespace softmcu::loadgen
