#include "conference/media/stream_setup.h"

#include <fmt/format.h>

#include "core/random.h"

namespace softmcu {

Result<MediaStreamSetup> MakeStreamSetup(const sdp::NegotiatedStream& stream, RtpSocketPair sockets,
                                         bool srtp_required, DataRate session_bandwidth) {
  std::error_code ec;
  const auto address = asio::ip::make_address(stream.remote_address, ec);
  if (ec) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("remote media address '{}' is not an IP address", stream.remote_address));
  }
  if (stream.srtp == std::nullopt && srtp_required) {
    return MakeError(ErrorCode::kInvalidArgument, "SRTP is required but the stream has no keys");
  }
  MediaStreamSetup setup;
  setup.kind = stream.role == sdp::StreamRole::kAudio ? MediaKind::kAudio : MediaKind::kVideo;
  setup.sockets = std::move(sockets);
  setup.local_ssrc = RandomU32();
  setup.clock_rate_hz = setup.kind == MediaKind::kAudio ? 48000 : 90000;
  setup.nack = setup.kind == MediaKind::kVideo && stream.feedback.nack;
  setup.srtp_required = stream.srtp.has_value();
  setup.remote_rtp = asio::ip::udp::endpoint(address, stream.remote_rtp_port);
  if (!stream.rtcp_mux) setup.remote_rtcp = asio::ip::udp::endpoint(address, stream.remote_rtcp_port);
  setup.session_bandwidth = session_bandwidth;
  if (stream.srtp) {
    auto inbound = SrtpSession::Create(SrtpSession::Direction::kInbound, stream.srtp->suite,
                                       stream.srtp->remote_key.key_and_salt());
    if (!inbound) return tl::unexpected(inbound.error());
    auto outbound = SrtpSession::Create(SrtpSession::Direction::kOutbound, stream.srtp->suite,
                                        stream.srtp->local_key.key_and_salt());
    if (!outbound) return tl::unexpected(outbound.error());
    setup.srtp_inbound = std::move(*inbound);
    setup.srtp_outbound = std::move(*outbound);
  }
  return setup;
}

AudioStreamParams MakeAudioParams(const sdp::NegotiatedStream& stream) {
  AudioStreamParams params;
  params.opus_payload_type = stream.payload_type;
  if (stream.audio) {
    params.telephone_event_payload_type = stream.audio->telephone_event_pt;
    params.telephone_event_clock_rate = static_cast<int>(stream.audio->telephone_event_clock_rate);
  }
  return params;
}

VideoStreamParams MakeVideoParams(const sdp::NegotiatedStream& stream) {
  VideoStreamParams params;
  params.h264_payload_type = stream.payload_type;
  if (stream.video && stream.video->packetization_mode == 0) {
    params.packetization_mode = H264PacketizationMode::kSingleNalUnit;
    // Mode 0 cannot fragment: allow the largest NAL unit a 1500-byte MTU carries after
    // IP, UDP, RTP and SRTP headers (the encoder aims its slices at 1150 bytes but a slice
    // may overshoot by a macroblock).
    params.max_payload_size = 1400;
  }
  return params;
}

}  // namespace softmcu
