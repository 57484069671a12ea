#pragma once
// What one endpoint measures in the audio it receives (the MCU's mix for it): continuity
// always — frames lost before each packet the jitter buffer released, and gaps between
// packet arrivals; and, when it decodes (the --decode-share), the markers in the mix: each
// decoded marker names the endpoint that sent it, whose SendLog gives the send time, so
// latency = when the marker's onset arrived − when its first packet was sent (both clocks
// are this process's). Decoding is optional because Opus decoding costs ~40 µs a packet:
// 500 endpoints would spend a core on it.
//
// Owned by its Endpoint on the endpoint's thread; nothing allocated per packet.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/units.h"
#include "media/audio/opus_decoder.h"
#include "tools/loadgen/audio_marker.h"
#include "tools/loadgen/endpoint_directory.h"
#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/receive_probe.h"
#include "transport/session/jitter_buffer.h"

namespace softmcu::loadgen {

struct AudioReceiverStats {
  uint64_t packets = 0;
  uint64_t lost_frames = 0;     // declared lost by the jitter buffer
  uint64_t gaps = 0;            // arrivals more than kGap apart
  uint64_t concealed = 0;       // frames the decoder had to conceal (decoding endpoints)
  uint64_t decode_errors = 0;
  uint64_t markers = 0;         // heard and timed
  uint64_t markers_unknown = 0; // decoded id with no marker sent before (not ours)
  uint64_t markers_undecodable = 0;  // onsets whose symbols did not read (overlapping talkers)
};

class AudioReceiver {
 public:
  static constexpr TimeDelta kGap = TimeDelta::Millis(100);

  // `probe` (may be null) hears every marker decoded, as endpoint `endpoint`.
  AudioReceiver(const EndpointDirectory* directory, bool decode, ReceiveProbe* probe = nullptr, uint32_t endpoint = 0);

  // One packet the jitter buffer released (audio frames are single packets).
  void OnFrame(const JitterBufferFrame& frame);

  const AudioReceiverStats& stats() const { return stats_; }
  const LatencyHistogram& latency() const { return latency_; }
  bool decoding() const { return decoder_ != nullptr; }

 private:
  static constexpr size_t kTimes = 16;
  struct FrameTime {
    int64_t first_sample = -1;
    Timestamp arrival;
  };

  void FeedDecoded(const AudioFrame& frame, Timestamp arrival);

  const EndpointDirectory* const directory_;
  ReceiveProbe* const probe_;
  const uint32_t endpoint_;
  std::unique_ptr<OpusDecoder> decoder_;
  std::unique_ptr<AudioMarkerDetector> detector_;
  std::array<FrameTime, kTimes> times_{};
  std::optional<Timestamp> last_arrival_;
  LatencyHistogram latency_;
  AudioReceiverStats stats_;
};

}  // namespace softmcu::loadgen
