#pragma once
// One endpoint's outgoing video, like a real terminal's camera path but without an encoder:
// each frame interval it takes the next frame of the shared material in its current
// rendition, puts its own stamp in (endpoint id, frame sequence number, rendition), and
// packetizes it (RFC 6184 mode 1) into its own RTP stream (SSRC, sequence numbers,
// timestamps); the PointTransport protects and paces it.
//
// Like a terminal it obeys the MCU:
//   - PLI/FIR: the next frame is the material's IDR at or before the current position (an
//     immediate keyframe; the content jumps back a little, the sequence number does not);
//   - TMMBR/REMB: the largest rendition whose bitrate fits the limit, never above the one it
//     was configured with (--resolution, --bitrate); the switch happens on that rendition's
//     IDR at the next frame.
// Two IDRs are never sent back to back (a decoder could take them for one picture when
// their idr_pic_id match): a request right after an IDR is already answered, a switch
// waits one frame.
//
// State is a few dozen bytes; the heavy parts are the loop's (LoopResources). One thread.

#include <cstdint>
#include <optional>

#include "core/units.h"
#include "transport/point_transport.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "tools/loadgen/loop_resources.h"
#include "tools/loadgen/send_log.h"

namespace softmcu::loadgen {

struct VideoSenderStats {
  uint64_t frames = 0;
  uint64_t keyframes = 0;
  uint64_t keyframe_requests = 0;  // PLI/FIR received
  uint64_t rendition_switches = 0;
  uint64_t packets = 0;
  uint64_t bytes = 0;             // RTP payload bytes
  uint64_t packets_dropped = 0;   // pool empty, or the transport refused (pacer queue full)
  uint64_t late_frames = 0;       // frames skipped because the loop fell behind
};

class VideoSender {
 public:
  struct Config {
    uint32_t endpoint_id = 0;
    uint32_t ssrc = 0;
    uint8_t payload_type = 96;
    size_t rendition = 0;
    size_t start_frame = 0;           // where in the loop this endpoint starts (spreads IDRs)
    DataRate max_bitrate = DataRate::KilobitsPerSec(100'000);  // --bitrate
    uint32_t first_rtp_timestamp = 0;
    uint16_t first_sequence_number = 0;
  };

  VideoSender(const Config& config, LoopResources* loop, SendLog* log, Timestamp start);

  // Sends the frame due now, if one is; returns when the next one is due.
  Timestamp SendDue(Timestamp now, PointTransport& transport);

  void OnKeyframeRequested();
  void OnBitrateLimit(DataRate limit);

  size_t rendition() const { return rendition_; }
  Timestamp next_frame_time() const { return next_frame_; }
  const VideoSenderStats& stats() const { return stats_; }

 private:
  void SendFrame(Timestamp now, PointTransport& transport);

  const Config config_;
  LoopResources* const loop_;
  SendLog* const log_;
  RtpPacketBuilder builder_;
  size_t rendition_;
  DataRate preferred_bitrate_;  // the configured rendition's: limits only lower it
  size_t frame_index_;
  uint32_t sequence_ = 0;  // frames sent: the stamp's sequence number
  uint32_t rtp_timestamp_;
  uint16_t rtp_sequence_;
  Timestamp next_frame_;
  std::optional<uint64_t> reference_cells_;  // the stamp the receiver's reference picture shows
  bool last_was_idr_ = false;
  bool keyframe_wanted_ = false;
  std::optional<size_t> switch_to_;
  VideoSenderStats stats_;
};

}  // namespace softmcu::loadgen
