#include "tools/loadgen/stream_setup.h"

namespace softmcu::loadgen {

Result<MediaStreamSetup> MakeStreamSetup(const sdp::NegotiatedStream& s, MediaKind kind,
                                         std::unique_ptr<UdpSocket> socket, uint32_t local_ssrc) {
  if (!socket) return MakeError(ErrorCode::kInternal, "no socket for a negotiated stream");
  asio::error_code ec;
  const auto address = asio::ip::make_address(s.remote_address, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "the peer's address '" + s.remote_address + "' is not an IP address");
  MediaStreamSetup setup;
  setup.kind = kind;
  setup.sockets.rtp = std::move(socket);
  setup.local_ssrc = local_ssrc;
  setup.clock_rate_hz = kind == MediaKind::kAudio ? 48000 : 90000;
  setup.nack = kind == MediaKind::kVideo && s.feedback.nack;
  setup.srtp_required = s.srtp.has_value();
  setup.remote_rtp = asio::ip::udp::endpoint(address, s.remote_rtp_port);
  if (!s.rtcp_mux) setup.remote_rtcp = asio::ip::udp::endpoint(address, s.remote_rtcp_port);
  if (s.srtp) {
    auto out = SrtpSession::Create(SrtpSession::Direction::kOutbound, s.srtp->suite, s.srtp->local_key.key_and_salt());
    // Video bursts arrive reordered: a wider replay window than libsrtp2's 128.
    auto in = SrtpSession::Create(SrtpSession::Direction::kInbound, s.srtp->suite, s.srtp->remote_key.key_and_salt(),
                                  {.replay_window = 1024});
    if (!out || !in) return MakeError(ErrorCode::kInternal, "SRTP session set-up failed");
    setup.srtp_outbound = std::move(*out);
    setup.srtp_inbound = std::move(*in);
  }
  if (s.remote_bandwidth) setup.session_bandwidth = *s.remote_bandwidth;
  return setup;
}

}  // namespace softmcu::loadgen
