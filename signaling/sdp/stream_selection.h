#pragma once
// The per-m-line choices MediaNegotiator makes, as free functions over one offered (or
// answered) media description: which Opus / telephone-event / H.264 payload type, which
// a=crypto line, which RTCP feedback. Each returns either the choice or a human reason
// why there is none; none of them looks at other m-lines.

#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "signaling/sdp/h264_parameters.h"
#include "signaling/sdp/media_capabilities.h"
#include "signaling/sdp/opus_parameters.h"
#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/session_description.h"
#include "signaling/sdp/telephone_events.h"

namespace softmcu::sdp {

struct AudioChoice {
  Rtpmap opus;
  OpusParameters remote;
  std::optional<Rtpmap> telephone_event;
  TelephoneEvents remote_events = TelephoneEvents::Default();
};

struct VideoChoice {
  Rtpmap h264;
  H264Parameters remote;
  H264Level level = H264Level::k1;  // min(our max level, theirs)
};

// Opus at 48000 Hz (RFC 7587 §7: "opus/48000/2"; "/1" and no channel count tolerated, as
// baresip without opus_stereo writes opus/48000/1), the first in the offer's order; then
// telephone-event at 48000, else at 8000 if allowed.
tl::expected<AudioChoice, std::string> SelectAudioCodec(const MediaDescription& m,
                                                        const AudioCapabilities& caps);

// H.264 with a Constrained Baseline or Baseline profile (RFC 6184 Table 5) and a
// packetization mode we support, packetization-mode 1 preferred over 0, then offer order.
tl::expected<VideoChoice, std::string> SelectVideoCodec(const MediaDescription& m,
                                                        const VideoCapabilities& caps);

// The usable a=crypto line for our most preferred suite (first such line in offer order);
// nullopt when there is none.
std::optional<CryptoAttribute> SelectCrypto(const MediaDescription& m,
                                            const std::vector<CryptoSuite>& suites);

// "AES_CM_128_HMAC_SHA1_80 or AES_CM_128_HMAC_SHA1_32"
std::string SuiteList(const std::vector<CryptoSuite>& suites);

// The feedback both sides support for payload type `pt` (RFC 4585 §4.2: the answer lists a subset).
RtcpFeedbackSet CommonFeedback(const MediaDescription& m, uint8_t pt, const RtcpFeedbackSet& ours);

// "H263, MP4V-ES": the distinct encoding names an m-line offers, for reasons.
std::string OfferedCodecNames(const MediaDescription& m);

}  // namespace softmcu::sdp
