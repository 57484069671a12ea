#pragma once
// The transport of one media stream (one SDP m-line) of one bridge point: its RTP socket
// and, without rtcp-mux, its RTCP socket; its two SRTP sessions; the checks every inbound
// datagram passes before anything else sees it.
//
// Receive path, in order (cheapest first, so a flood costs as little as possible):
//   size check → source-address check → RTP/RTCP demux (RFC 5761 §4) → policer (RTP only)
//   → SRTP/SRTCP unprotect → RTP/RTCP parse → listener.
// Every packet that stops on the way is counted by reason (drop_counts()) and, through a
// LogRateLimiter, logged with the point's name and the peer's address — never one line per
// packet. RTCP is not policed: feedback must get through precisely when a point overloads.
//
// Policing before SRTP means garbage from the point's own address uses its budget; the
// source check stops anyone else's, and spending 4 µs of HMAC on each flood packet would
// cost more. (A point that floods itself only hurts itself.)
//
// Send path: SendRtp/SendRtcp protect in place (once: the packet is this receiver's copy)
// and send on the right socket. Pacing across a point's streams is the owner's job
// (PointTransport), which queues protected packets and calls SendProtected().
//
// Threading: everything runs on the event loop that owns the sockets. The listener,
// policer, clock and pool must outlive the transport.

#include <array>
#include <asio/ip/udp.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/clock.h"
#include "core/log.h"
#include "core/packet_buffer_pool.h"
#include "transport/media_kind.h"
#include "transport/net/port_allocator.h"
#include "transport/net/udp_socket.h"
#include "transport/policer/point_policer.h"
#include "transport/rtp/rtp_packet_view.h"
#include "transport/srtp/srtp_session.h"

namespace softmcu {

class MediaTransport;

class MediaTransportListener {
 public:
  // An authenticated, parsed RTP packet. `packet` points into a buffer that is reused
  // after the call: copy what must outlive it (the jitter buffer does).
  virtual void OnMediaTransportRtp(MediaTransport& transport, const RtpPacketView& packet,
                                   Timestamp arrival) = 0;
  // An authenticated compound RTCP datagram, not yet walked (see rtcp/compound_view.h).
  virtual void OnMediaTransportRtcp(MediaTransport& transport, std::span<const uint8_t> compound,
                                    Timestamp arrival) = 0;

 protected:
  ~MediaTransportListener() = default;
};

enum class DropReason : uint8_t {
  kOversized,      // larger than max_datagram
  kWrongSource,    // not from the negotiated peer address
  kNoKeys,         // SRTP required and no keys yet (or plain RTP refused)
  kPoliced,        // over the point's budget
  kAuthFailed,     // SRTP/SRTCP tag mismatch: tampered, wrong key, or plain RTP
  kReplayed,       // SRTP replay window
  kSrtpOther,      // too short for SRTP, or another libsrtp2 error
  kMalformedRtp,   // authenticated but not a valid RTP packet
  kMalformedRtcp,  // authenticated but too short to be RTCP
  kCount,
};

const char* ToString(DropReason reason);

struct MediaTransportConfig {
  std::string point_name;  // for log lines: "point 'UBND huyện Triệu Sơn' (10.1.2.3:5004)"
  MediaKind kind = MediaKind::kVideo;
  // RFC 3550 on an Ethernet MTU; anything larger is not a media datagram we send or expect.
  size_t max_datagram = 1500;
  // SDES-SRTP is mandatory unless the room allows plain RTP.
  bool srtp_required = true;
};

struct MediaTransportStats {
  uint64_t rtp_packets = 0;  // delivered to the listener
  uint64_t rtp_bytes = 0;
  uint64_t rtcp_packets = 0;
  uint64_t sent_rtp = 0;
  uint64_t sent_rtcp = 0;
  uint64_t send_failures = 0;  // protect failed or the socket refused
};

class MediaTransport final : private UdpSocketListener {
 public:
  // Takes the sockets; starts receiving at once (packets before SetRemote/SetSrtp are
  // dropped and counted: no keys yet). `policer` may be null (not policed).
  MediaTransport(const MediaTransportConfig& config, RtpSocketPair sockets, MediaTransportListener* listener,
                 PointPolicer* policer, PacketBufferPool* pool, const Clock* clock);
  ~MediaTransport();

  // The peer's addresses from its SDP (rtcp defaults to rtp's when muxed).
  void SetRemote(const asio::ip::udp::endpoint& rtp,
                 std::optional<asio::ip::udp::endpoint> rtcp = std::nullopt);
  // Keys from the SDES exchange (our a=crypto protects, the peer's unprotects).
  void SetSrtp(std::unique_ptr<SrtpSession> inbound, std::unique_ptr<SrtpSession> outbound);

  // Protects in place and sends now. False (counted) if protection or the send failed.
  bool SendRtp(PacketBuffer& packet);
  bool SendRtcp(PacketBuffer& packet);
  // Protects in place without sending (for the pacer's queue); false if protection failed.
  bool ProtectRtp(PacketBuffer& packet);
  // Sends an already protected RTP datagram.
  bool SendProtected(const PacketBuffer& packet);

  MediaKind kind() const { return config_.kind; }
  const MediaTransportConfig& config() const { return config_; }
  const MediaTransportStats& stats() const { return stats_; }
  uint64_t drop_count(DropReason reason) const { return drops_[static_cast<size_t>(reason)]; }
  uint64_t total_drops() const;
  asio::ip::udp::endpoint local_rtp_endpoint() const { return sockets_.rtp->local_endpoint(); }
  // The peer's RTP address from SetRemote(): the only source whose packets get past the
  // source check, so the one that security alarms name.
  const std::optional<asio::ip::udp::endpoint>& remote_rtp_endpoint() const { return remote_rtp_; }
  std::optional<asio::ip::udp::endpoint> local_rtcp_endpoint() const;

 private:
  void OnUdpSocketPacket(UdpSocket& socket, PacketBuffer packet, const asio::ip::udp::endpoint& from,
                         Timestamp arrival) override;
  void Drop(DropReason reason, const asio::ip::udp::endpoint& from);
  bool Protect(PacketBuffer& packet, bool rtcp);

  const MediaTransportConfig config_;
  RtpSocketPair sockets_;
  MediaTransportListener* const listener_;
  PointPolicer* const policer_;
  std::optional<asio::ip::udp::endpoint> remote_rtp_;
  std::optional<asio::ip::udp::endpoint> remote_rtcp_;
  std::unique_ptr<SrtpSession> srtp_in_;
  std::unique_ptr<SrtpSession> srtp_out_;
  MediaTransportStats stats_;
  std::array<uint64_t, static_cast<size_t>(DropReason::kCount)> drops_{};
  LogRateLimiter drop_log_;
};

}  // namespace softmcu
