#pragma once
// What one synthetic endpoint reports at the end of a run (and, condensed, while it runs):
// its call, what it sent, what it received and, if it decoded, what it saw and heard.
// A plain value built by Endpoint::MakeReport() on the endpoint's thread; RunReport turns a
// list of them into the JSON report and the summary table.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/video_receiver.h"

namespace softmcu::loadgen {

struct StreamReceiveReport {
  uint64_t packets = 0;
  int64_t expected = 0;
  int64_t lost = 0;  // RFC 3550 cumulative lost (retransmissions recovered excluded)
  double jitter_ms = 0;
  double kbps = 0;  // over the time connected
  uint64_t transport_drops = 0;  // datagrams refused: SRTP auth, replay, wrong source, malformed...
};

struct EndpointReport {
  uint32_t id = 0;
  std::string state;  // idle, calling, connected, ended, failed
  // The call.
  std::optional<int> sip_status;  // of a failure
  std::string failure;            // reason, when the call failed or ended early
  bool timeout = false;
  std::optional<double> join_ms;  // offer made → media set up
  double connected_s = 0;
  // Sent.
  std::string rendition;  // "1280x720", empty without video
  uint64_t video_frames_sent = 0;
  uint64_t video_packets_sent = 0;
  uint64_t payload_bytes_sent = 0;  // audio and video RTP payloads
  uint64_t video_keyframes_sent = 0;
  uint64_t keyframe_requests_received = 0;
  uint64_t rendition_switches = 0;
  double video_kbps_sent = 0;
  uint64_t audio_packets_sent = 0;
  uint64_t markers_sent = 0;
  double audio_kbps_sent = 0;
  uint64_t packets_dropped_sending = 0;
  // Media the endpoint could not send on time because its loop fell behind (the generator
  // was starved of CPU): skipped, not burst.
  uint64_t late_video_frames = 0;
  uint64_t late_audio_packets = 0;
  // Received.
  std::optional<StreamReceiveReport> video_received;
  std::optional<StreamReceiveReport> audio_received;
  uint64_t audio_lost_frames = 0;
  uint64_t audio_gaps = 0;
  // Decoded (decoding endpoints only).
  bool decodes = false;
  uint64_t pictures_decoded = 0;
  uint64_t video_decode_errors = 0;
  uint64_t tiles_read = 0;
  uint64_t unknown_stamps = 0;
  std::string layout;
  std::vector<TileShown> tiles;
  uint64_t freezes = 0;
  double frozen_s = 0;
  LatencyHistogram video_latency;
  uint64_t markers_heard = 0;
  uint64_t markers_undecodable = 0;
  uint64_t audio_concealed = 0;
  uint64_t audio_decode_errors = 0;
  LatencyHistogram audio_latency;
};

}  // namespace softmcu::loadgen
