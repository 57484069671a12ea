#pragma once
// What we keep about one RTP stream a bridge point sends us: sequence statistics for our
// RTCP reports (RFC 3550 A.1/A.3/A.8), loss recovery requests (NACK, RFC 4585; PLI when
// NACK cannot help) and the jitter buffer that turns packets into complete frames.
//
// Pure state machine on injected time; the PointTransport owning it does the I/O.
// The stream locks onto the first SSRC it sees; a terminal that restarts its sender with a
// new SSRC is followed (statistics and buffers reset), since room systems do that on
// re-INVITE.

#include <cstdint>
#include <memory>
#include <optional>

#include "core/units.h"
#include "transport/media_kind.h"
#include "transport/rtcp/compound_builder.h"
#include "transport/rtcp/report_block.h"
#include "transport/rtp/rtp_packet_view.h"
#include "transport/session/jitter_buffer.h"
#include "transport/session/nack_generator.h"
#include "transport/session/receive_statistics.h"

namespace softmcu {

struct RtpReceiveStreamConfig {
  MediaKind kind = MediaKind::kVideo;
  int clock_rate_hz = 90000;
  bool nack = true;  // negotiated rtcp-fb nack (video only)
  // Never ask for keyframes more often than this (a PLI storm costs every receiver of the
  // point's picture a bitrate spike).
  TimeDelta min_keyframe_request_interval = TimeDelta::Millis(300);
};

struct RtpReceiveStreamStats {
  uint64_t ssrc_changes = 0;
  uint64_t nacks_sent = 0;  // NACK packets
  uint64_t keyframe_requests_sent = 0;
};

class RtpReceiveStream {
 public:
  RtpReceiveStream(const RtpReceiveStreamConfig& config, uint32_t local_ssrc);

  void OnRtp(const RtpPacketView& packet, Timestamp arrival);
  void OnSenderReport(uint64_t ntp_timestamp, Timestamp arrival);
  // Asks the sender for a keyframe at the next feedback opportunity (the decoder or the
  // depacketizer lost the picture, or the stream became visible).
  void RequestKeyframe() { keyframe_wanted_ = true; }

  bool PopFrame(Timestamp now, JitterBufferFrame* frame);

  // Appends this stream's report block, if it has received anything.
  void AddReportBlock(Timestamp now, rtcp::ReportBlockList& blocks);
  // True if NACK or PLI is due now (worth an early RTCP packet, RFC 4585 §3.5).
  bool FeedbackPending(Timestamp now) const;
  // Appends NACK and PLI due now; returns false if they did not fit (kept for later).
  bool AppendFeedback(Timestamp now, TimeDelta rtt, rtcp::RtcpCompoundBuilder& builder);

  std::optional<Timestamp> NextDeadline() const;
  std::optional<uint32_t> remote_ssrc() const { return remote_ssrc_; }
  const ReceiveStatistics* statistics() const { return statistics_.get(); }
  const JitterBuffer& jitter_buffer() const { return jitter_buffer_; }
  const NackGenerator& nack_generator() const { return *nack_; }
  const RtpReceiveStreamStats& stats() const { return stats_; }

 private:
  void Restart(uint32_t ssrc);

  const RtpReceiveStreamConfig config_;
  const uint32_t local_ssrc_;
  std::optional<uint32_t> remote_ssrc_;
  std::unique_ptr<ReceiveStatistics> statistics_;
  std::optional<NackGenerator> nack_{std::in_place};  // rebuilt on restart
  JitterBuffer jitter_buffer_;
  bool keyframe_wanted_ = false;
  std::optional<Timestamp> last_keyframe_request_;
  RtpReceiveStreamStats stats_;
};

}  // namespace softmcu
