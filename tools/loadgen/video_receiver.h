#pragma once
// What one decoding endpoint does with the composites it receives: the RTP frames are
// depacketized (H264Depacketizer) and decoded (H264Decoder), each picture's tiles are read
// (CompositeReader), and what the tiles show over time is tracked (TileTracker: latency,
// freezes, who is where). An MCU that sends garbage costs decode errors (counted) and
// keyframe requests, nothing else: an unreadable tile is just unread.
//
// Owned by its Endpoint on the endpoint's thread.

#include <cstdint>
#include <memory>
#include <string>

#include "core/units.h"
#include "media/h264/h264_depacketizer.h"
#include "media/video/h264_decoder.h"
#include "tools/loadgen/composite_reader.h"
#include "tools/loadgen/receive_probe.h"
#include "tools/loadgen/tile_tracker.h"

namespace softmcu::loadgen {

struct VideoReceiverStats {
  uint64_t access_units = 0;
  uint64_t pictures = 0;
  uint64_t decode_errors = 0;
  uint64_t composites_read = 0;  // pictures where some layout read at least one stamp
};

class VideoReceiver final : private H264Depacketizer::Listener {
 public:
  // `probe` (may be null) sees every decoded composite as endpoint `endpoint`'s.
  VideoReceiver(CompositeReader::Options reader_options, const EndpointDirectory* directory,
                TimeDelta freeze_threshold, ReceiveProbe* probe = nullptr, uint32_t endpoint = 0);
  ~VideoReceiver();

  // A complete frame the jitter buffer released.
  void OnFrame(const JitterBufferFrame& frame);
  void CheckFreezes(Timestamp now) { tracker_.CheckFreezes(now); }
  // True while the depacketizer or the decoder waits for an IDR (ask with PLI).
  bool keyframe_needed() const;

  const VideoReceiverStats& stats() const { return stats_; }
  const TileTracker& tiles() const { return tracker_; }
  const std::string& layout_name() const { return reader_.layout_name(); }

 private:
  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& access_unit) override;
  H264Depacketizer::Listener& AsListener() { return *this; }

  std::unique_ptr<H264Depacketizer> depacketizer_;
  std::unique_ptr<H264Decoder> decoder_;
  CompositeReader reader_;
  TileTracker tracker_;
  ReceiveProbe* const probe_;
  const uint32_t endpoint_;
  Timestamp arrival_;  // of the frame being handled
  VideoReceiverStats stats_;
};

}  // namespace softmcu::loadgen
