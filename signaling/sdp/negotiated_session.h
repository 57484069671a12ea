#pragma once
// The outcome of one offer/answer exchange (RFC 3264): per accepted stream everything
// the transport and media layers need to start it — remote address and ports, payload
// types, codec parameters, RTCP feedback, SRTP keys for both directions, direction — plus
// what was rejected and why. Payload types are the same on both sides: the answerer uses
// the offerer's numbers (RFC 3264 §6.1), so one `payload_type` serves send and receive.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"
#include "signaling/sdp/h264_parameters.h"
#include "signaling/sdp/media_direction.h"
#include "signaling/sdp/opus_parameters.h"
#include "signaling/sdp/rtcp_feedback.h"
#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/session_description.h"
#include "transport/srtp/sdes_key.h"

namespace softmcu::sdp {

enum class StreamRole { kAudio, kVideo, kContent };
std::string_view ToString(StreamRole role);

// SDES keys of one stream: `remote_key` protects what the peer sends (we unprotect with it),
// `local_key` what we send (RFC 4568 §6.1: each side's a=crypto carries its own send key).
struct SrtpKeys {
  CryptoSuite suite;
  uint32_t tag;
  SdesKey remote_key;
  SdesKey local_key;
};

struct AudioCodec {
  Rtpmap opus;            // as the offer wrote it (opus/48000/2)
  OpusParameters remote;  // the peer's fmtp: what it wants to receive
  OpusParameters local;   // our fmtp: what we asked for
  std::optional<uint8_t> telephone_event_pt;
  uint32_t telephone_event_clock_rate = 48000;
  std::optional<uint32_t> remote_ptime;  // a=ptime of the peer, ms
};

struct VideoCodec {
  Rtpmap h264;
  uint8_t packetization_mode = 1;
  H264ProfileLevelId profile_level_id;  // as in the answer (level = min of both sides)
  H264Parameters remote;                // the peer's fmtp as offered/answered
  H264LevelLimits send_limits;          // what we may send: negotiated level raised by the peer's max-*
};

struct NegotiatedStream {
  StreamRole role = StreamRole::kAudio;
  size_t m_line_index = 0;
  std::optional<std::string> mid;
  std::string remote_address;
  uint16_t remote_rtp_port = 0;
  uint16_t remote_rtcp_port = 0;  // == remote_rtp_port with rtcp-mux
  bool rtcp_mux = false;
  uint16_t local_rtp_port = 0;
  uint8_t payload_type = 0;
  std::optional<SrtpKeys> srtp;                          // nullopt: plain RTP (only if the room allows it)
  MediaDirection direction = MediaDirection::kSendRecv;  // ours, as our SDP states it
  bool on_hold = false;                                  // the peer put this stream on hold
  bool avpf = false;  // RTCP feedback in use (AVPF profile or rtcp-fb lines)
  RtcpFeedbackSet feedback;
  std::optional<DataRate> remote_bandwidth;  // the peer's b=TIAS (or b=AS) for this stream
  std::optional<AudioCodec> audio;
  std::optional<VideoCodec> video;
  std::vector<uint32_t> remote_ssrcs;
};

struct RejectedStream {
  size_t m_line_index = 0;
  std::string media;   // "video", "application", ...
  std::string reason;  // human, e.g. "no common video codec: offered H263; softmcu needs H.264"
};

struct NegotiatedSession {
  std::optional<NegotiatedStream> audio;
  std::optional<NegotiatedStream> video;
  std::optional<NegotiatedStream> content;  // a=content:slides video
  std::vector<RejectedStream> rejected;
  bool on_hold = false;  // every accepted stream is held (sendonly/inactive or c=0.0.0.0)
  std::optional<DataRate> remote_session_bandwidth;  // session-level b=TIAS, b=AS or b=CT

  // What the peer lets us send in total: its session-level bandwidth if given, else the
  // sum of its per-stream ones if any.
  std::optional<DataRate> SendBudget() const;
};

}  // namespace softmcu::sdp
