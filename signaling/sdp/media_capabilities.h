#pragma once
// What softmcu can do on one call, as the offer/answer code sees it: the fixed codec set
// (Opus, telephone-event, H.264), the room's SRTP policy and the point's bandwidth
// budget. A room configures one of these; MediaNegotiator reads it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"
#include "signaling/sdp/h264_profile_level_id.h"
#include "signaling/sdp/rtcp_feedback.h"
#include "signaling/sdp/session_description.h"
#include "transport/srtp/crypto_suite.h"

namespace softmcu::sdp {

// The room's media-encryption rule.
enum class SrtpPolicy {
  kRequired,       // RTP/AVP offers without a usable a=crypto get 488
  kAllowPlainRtp,  // plain RTP accepted when the peer offers no usable a=crypto
};

// Which RTP profile an offer of ours uses. Many SIP terminals refuse an unknown
// RTP/SAVPF m-line, so the default is SAVP/AVP with a=rtcp-fb lines (RFC 8643 style).
enum class OfferProfile { kAvp, kAvpf };

struct AudioCapabilities {
  bool enabled = true;
  bool opus_useinbandfec = true;  // asked of the peer in our fmtp
  bool opus_usedtx = false;
  uint32_t ptime_ms = 20;
  bool telephone_event = true;
  // baresip 1.0 offers telephone-event/8000 next to opus/48000 (RFC 4733 §2.1 only says
  // the clock SHOULD match the codec's). Accepted by default: the DTMF receiver reads the
  // negotiated clock rate from the result.
  bool accept_telephone_event_8000 = true;
  DataRate bitrate = DataRate::KilobitsPerSec(64);  // the audio share of the point budget
};

struct VideoCapabilities {
  bool enabled = true;
  H264Level max_level = H264Level::k3_1;  // 720p30
  bool packetization_mode_1 = true;       // preferred
  bool packetization_mode_0 = true;
  // Receive limits above the level's own (RFC 6184 §8.1); announced when set.
  std::optional<uint32_t> max_mbps;
  std::optional<uint32_t> max_fs;
  std::optional<uint32_t> max_br;  // kbps
  // Accept a second video m-line marked a=content:slides (RFC 4796) as the content stream.
  bool content_enabled = true;
  // The RTCP feedback softmcu implements (transport/rtcp); answered as the intersection.
  RtcpFeedbackSet feedback{.nack = true, .pli = true, .fir = true, .tmmbr = true, .remb = true};
};

struct MediaCapabilities {
  AudioCapabilities audio;
  VideoCapabilities video;
  SrtpPolicy srtp = SrtpPolicy::kRequired;
  std::vector<CryptoSuite> crypto_suites{CryptoSuite::kAesCm128HmacSha1_80,
                                         CryptoSuite::kAesCm128HmacSha1_32};
  bool rtcp_mux = true;
  OfferProfile offer_profile = OfferProfile::kAvp;
  // What this point may send us in total (2–4 Mbps per room configuration); announced
  // as b=AS/b=TIAS.
  DataRate receive_budget = DataRate::KilobitsPerSec(2500);
};

// softmcu's side of one call's transport, for the SDP it writes.
struct LocalStreamAddress {
  uint16_t rtp_port = 0;              // 0: this stream is not offered/answered (port 0)
  std::optional<uint16_t> rtcp_port;  // written as a=rtcp when not rtp_port + 1
  std::optional<uint32_t> ssrc;       // written as a=ssrc:<ssrc> cname:<cname>
};

struct LocalMedia {
  AddressType address_type = AddressType::kIp4;
  std::string address = "127.0.0.1";
  LocalStreamAddress audio;
  LocalStreamAddress video;
  LocalStreamAddress content;
  std::string cname = "softmcu";
  // o= fields: the caller keeps the session id and increments the version for each new
  // SDP of the session (RFC 3264 §8).
  std::string session_id = "1";
  std::string session_version = "1";
};

}  // namespace softmcu::sdp
