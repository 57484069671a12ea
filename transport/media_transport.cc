#include "transport/media_transport.h"

#include <spdlog/spdlog.h>

namespace softmcu {

const char* ToString(DropReason reason) {
  switch (reason) {
    case DropReason::kOversized:
      return "oversized datagram";
    case DropReason::kWrongSource:
      return "not from the negotiated peer address";
    case DropReason::kNoKeys:
      return "no SRTP keys (plain RTP not allowed)";
    case DropReason::kPoliced:
      return "over the point's bandwidth budget";
    case DropReason::kAuthFailed:
      return "SRTP authentication failed";
    case DropReason::kReplayed:
      return "SRTP replay";
    case DropReason::kSrtpOther:
      return "SRTP error";
    case DropReason::kMalformedRtp:
      return "malformed RTP";
    case DropReason::kMalformedRtcp:
      return "malformed RTCP";
    case DropReason::kCount:
      break;
  }
  return "unknown";
}

MediaTransport::MediaTransport(const MediaTransportConfig& config, RtpSocketPair sockets,
                               MediaTransportListener* listener, PointPolicer* policer,
                               PacketBufferPool* pool, const Clock* clock)
    : config_(config),
      sockets_(std::move(sockets)),
      listener_(listener),
      policer_(policer),
      drop_log_(clock, TimeDelta::Seconds(10), 3) {
  sockets_.rtp->StartReceiving(this, pool, clock);
  if (sockets_.rtcp) sockets_.rtcp->StartReceiving(this, pool, clock);
}

MediaTransport::~MediaTransport() = default;

void MediaTransport::SetRemote(const asio::ip::udp::endpoint& rtp,
                               std::optional<asio::ip::udp::endpoint> rtcp) {
  remote_rtp_ = rtp;
  remote_rtcp_ = rtcp ? rtcp : rtp;
}

void MediaTransport::SetSrtp(std::unique_ptr<SrtpSession> inbound, std::unique_ptr<SrtpSession> outbound) {
  srtp_in_ = std::move(inbound);
  srtp_out_ = std::move(outbound);
}

uint64_t MediaTransport::total_drops() const {
  uint64_t n = 0;
  for (auto d : drops_) n += d;
  return n;
}

std::optional<asio::ip::udp::endpoint> MediaTransport::local_rtcp_endpoint() const {
  if (!sockets_.rtcp) return std::nullopt;
  return sockets_.rtcp->local_endpoint();
}

void MediaTransport::Drop(DropReason reason, const asio::ip::udp::endpoint& from) {
  ++drops_[static_cast<size_t>(reason)];
  uint64_t suppressed = 0;
  if (drop_log_.Allow(&suppressed)) {
    spdlog::warn(
        "point '{}' ({}:{}) {}: dropped a packet: {} ({} similar drops not logged; {} dropped in all)",
        config_.point_name, from.address().to_string(), from.port(),
        config_.kind == MediaKind::kAudio ? "audio" : "video", ToString(reason), suppressed, total_drops());
  }
}

void MediaTransport::OnUdpSocketPacket(UdpSocket& socket, PacketBuffer packet,
                                       const asio::ip::udp::endpoint& from, Timestamp arrival) {
  if (packet.size() > config_.max_datagram) return Drop(DropReason::kOversized, from);
  // The port may differ from the SDP's (symmetric RTP behind NAT); the address may not.
  if (!remote_rtp_ || from.address() != remote_rtp_->address()) return Drop(DropReason::kWrongSource, from);

  const bool is_rtcp = &socket == sockets_.rtcp.get() || RtpPacketView::LooksLikeRtcp(packet.span());
  if (!is_rtcp && policer_ != nullptr &&
      policer_->OnPacket(DataSize::Bytes(static_cast<int64_t>(packet.size())), arrival) ==
          PolicerVerdict::kDrop) {
    return Drop(DropReason::kPoliced, from);
  }

  size_t len = packet.size();
  if (srtp_in_) {
    SrtpStatus status = is_rtcp ? srtp_in_->UnprotectRtcp(packet.storage(), &len)
                                : srtp_in_->UnprotectRtp(packet.storage(), &len);
    switch (status) {
      case SrtpStatus::kOk:
        break;
      case SrtpStatus::kAuthFailed:
        return Drop(DropReason::kAuthFailed, from);
      case SrtpStatus::kReplayed:
        return Drop(DropReason::kReplayed, from);
      default:
        return Drop(DropReason::kSrtpOther, from);
    }
    packet.set_size(len);
  } else if (config_.srtp_required) {
    return Drop(DropReason::kNoKeys, from);
  }

  if (is_rtcp) {
    if (packet.size() < 8) return Drop(DropReason::kMalformedRtcp, from);  // RFC 3550 §6.4: header + SSRC
    ++stats_.rtcp_packets;
    listener_->OnMediaTransportRtcp(*this, packet.span(), arrival);
    return;
  }
  auto rtp = RtpPacketView::Parse(packet.span());
  if (!rtp) return Drop(DropReason::kMalformedRtp, from);
  ++stats_.rtp_packets;
  stats_.rtp_bytes += packet.size();
  listener_->OnMediaTransportRtp(*this, *rtp, arrival);
}

bool MediaTransport::Protect(PacketBuffer& packet, bool rtcp) {
  if (!srtp_out_) return !config_.srtp_required;
  size_t len = packet.size();
  SrtpStatus status =
      rtcp ? srtp_out_->ProtectRtcp(packet.storage(), &len) : srtp_out_->ProtectRtp(packet.storage(), &len);
  if (status != SrtpStatus::kOk) return false;
  packet.set_size(len);
  return true;
}

bool MediaTransport::ProtectRtp(PacketBuffer& packet) {
  if (!Protect(packet, false)) {
    ++stats_.send_failures;
    return false;
  }
  return true;
}

bool MediaTransport::SendProtected(const PacketBuffer& packet) {
  if (!remote_rtp_ || !sockets_.rtp->SendTo(packet.span(), *remote_rtp_)) {
    ++stats_.send_failures;
    return false;
  }
  ++stats_.sent_rtp;
  return true;
}

bool MediaTransport::SendRtp(PacketBuffer& packet) {
  return ProtectRtp(packet) && SendProtected(packet);
}

bool MediaTransport::SendRtcp(PacketBuffer& packet) {
  UdpSocket& socket = sockets_.rtcp ? *sockets_.rtcp : *sockets_.rtp;
  if (!remote_rtcp_ || !Protect(packet, true) || !socket.SendTo(packet.span(), *remote_rtcp_)) {
    ++stats_.send_failures;
    return false;
  }
  ++stats_.sent_rtcp;
  return true;
}

}  // namespace softmcu
