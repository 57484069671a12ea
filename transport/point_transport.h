#pragma once
// Everything transport-level about one bridge point: its media streams (one per m-line:
// audio, video), the policer over all of its inbound media, the pacer over all of its
// outbound media, and the RTCP that ties them together — reports on the RFC 3550 interval,
// NACK and PLI for what we lost, retransmissions and keyframe requests for what it lost,
// and TMMBR/REMB announcing its budget.
//
// It composes small parts (CONVENTIONS.md §3) and owns no timer: the owner calls Process()
// at NextProcessTime() and whenever a packet arrived; time comes from the injected clock.
// Upward events go to a PointTransportListener. Threading: one event loop owns the point,
// its sockets and everything here.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/packet_buffer_pool.h"
#include "core/result.h"
#include "transport/media_kind.h"
#include "transport/media_transport.h"
#include "transport/policer/pacer.h"
#include "transport/policer/point_policer.h"
#include "transport/session/rtcp_scheduler.h"
#include "transport/session/rtt_estimator.h"
#include "transport/stream/rtp_receive_stream.h"
#include "transport/stream/rtp_send_stream.h"

namespace softmcu {

class PointTransportListener {
 public:
  // A complete frame (video) or packet (audio) from the point, in order. Its packet spans
  // are valid during the call only.
  virtual void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) = 0;
  // The point lost our picture (PLI, or a new FIR): the encoder it watches should send an IDR.
  virtual void OnPointKeyframeRequested(MediaKind kind) = 0;
  // The point asks us to send it no more than `limit` (TMMBR or REMB it sent us).
  virtual void OnPointBitrateLimit(MediaKind kind, DataRate limit) = 0;
  // The point's receiver report on what we send it: its cumulative lost and extended
  // highest sequence number (RFC 3550 §6.4.1).
  virtual void OnPointLossReport(MediaKind /*kind*/, int64_t /*cumulative_lost*/, int64_t /*highest_sequence*/) {}

 protected:
  ~PointTransportListener() = default;
};

struct PointTransportConfig {
  std::string point_name;
  std::string cname = "softmcu";
  PolicerConfig policer;  // also the pacer's rate
};

// One negotiated m-line, as signalling hands it over.
struct MediaStreamSetup {
  MediaKind kind = MediaKind::kVideo;
  RtpSocketPair sockets;
  uint32_t local_ssrc = 0;
  int clock_rate_hz = 90000;
  bool nack = true;
  bool srtp_required = true;
  asio::ip::udp::endpoint remote_rtp;
  std::optional<asio::ip::udp::endpoint> remote_rtcp;
  std::unique_ptr<SrtpSession> srtp_inbound;
  std::unique_ptr<SrtpSession> srtp_outbound;
  DataRate session_bandwidth = DataRate::KilobitsPerSec(2000);  // b=AS, for the RTCP interval
};

class PointTransport final : private MediaTransportListener {
 public:
  PointTransport(const PointTransportConfig& config, PointTransportListener* listener, PacketBufferPool* pool,
                 const Clock* clock);
  ~PointTransport();

  // Fails if a stream of that kind exists already.
  Result<void> AddStream(MediaStreamSetup setup);

  // Takes one plain RTP packet for the point: protected once, recorded for NACK, paced.
  // False (counted by the stream's transport or the pacer) if it could not be queued.
  bool SendRtp(MediaKind kind, PacketBuffer packet);
  // Ask the point for a keyframe of what it sends us.
  void RequestKeyframe(MediaKind kind);
  // Ask the point to send less than its budget (TMMBR/REMB), e.g. because its picture is
  // only shown in a small tile; nullopt asks for the whole budget again. Policing keeps
  // the budget.
  void SetRequestedRate(std::optional<DataRate> rate);
  // What the pacer lets out to the point: the budget, or less when the point's line is
  // narrower (SendRateController). Never above the budget.
  void SetSendRate(DataRate rate);

  void Process();
  // When Process() next has work, never before `now`. The caller passes the `now` it will
  // compare with: reading the clock again here made "now >= NextProcessTime()" false
  // whenever the clock had moved on by a microsecond — a busy point's pacer, RTCP and NACKs
  // then ran only now and then (its pacer sent a quarter of its budget, queueing seconds).
  Timestamp NextProcessTime(Timestamp now) const;

  const MediaTransport* transport(MediaKind kind) const;
  const RtpReceiveStream* receive_stream(MediaKind kind) const;
  const RtpSendStream* send_stream(MediaKind kind) const;
  std::optional<TimeDelta> rtt(MediaKind kind) const;
  const PointPolicer& policer() const { return policer_; }
  const Pacer& pacer() const { return pacer_; }
  uint64_t rtcp_malformed() const { return rtcp_malformed_; }
  // NACKs not answered because the pacer's queue was already too long for a
  // retransmission to arrive in time.
  uint64_t retransmissions_refused() const { return retransmissions_refused_; }
  Timestamp now() const { return clock_->Now(); }

 private:
  struct Stream;

  void OnMediaTransportRtp(MediaTransport& transport, const RtpPacketView& packet,
                           Timestamp arrival) override;
  void OnMediaTransportRtcp(MediaTransport& transport, std::span<const uint8_t> compound,
                            Timestamp arrival) override;
  Stream* StreamOf(const MediaTransport& transport);
  void DeliverFrames(Stream& stream, Timestamp now);
  Stream* StreamOf(MediaKind kind) const { return streams_[static_cast<size_t>(kind)].get(); }
  void OnReportBlocks(Stream& stream, const rtcp::ReportBlockList& blocks, Timestamp arrival);
  void SendRtcp(Stream& stream, Timestamp now, bool regular);
  TimeDelta RttOr(const Stream& stream, TimeDelta fallback) const;

  const PointTransportConfig config_;
  PointTransportListener* const listener_;
  PacketBufferPool* const pool_;
  const Clock* const clock_;
  PointPolicer policer_;
  Pacer pacer_;
  std::array<std::unique_ptr<Stream>, 2> streams_;  // by MediaKind
  uint64_t rtcp_malformed_ = 0;
  uint64_t retransmissions_refused_ = 0;
};

}  // namespace softmcu
