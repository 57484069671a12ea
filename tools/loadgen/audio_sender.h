#pragma once
// One endpoint's outgoing audio: a 20 ms Opus packet every 20 ms from the shared noise loop
// (AudioMaterial) and, every `marker_period`, the packets of this endpoint's own marker
// (AudioMarker), whose send time goes to the endpoint's SendLog. Markers of different
// endpoints are staggered by 7 frames (140 ms) per id, so up to 14 endpoints' markers never
// overlap within a 2 s period even if an MCU mixes them all.
//
// State is a few dozen bytes. One thread.

#include <cstdint>

#include "core/units.h"
#include "transport/point_transport.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "tools/loadgen/loop_resources.h"
#include "tools/loadgen/send_log.h"

namespace softmcu::loadgen {

struct AudioSenderStats {
  uint64_t packets = 0;
  uint64_t bytes = 0;  // payload
  uint64_t markers = 0;
  uint64_t packets_dropped = 0;
  uint64_t late_packets = 0;  // skipped because the loop fell behind by more than 100 ms
};

class AudioSender {
 public:
  static constexpr TimeDelta kFrame = TimeDelta::Millis(20);

  struct Config {
    uint32_t endpoint_id = 0;
    uint32_t ssrc = 0;
    uint8_t payload_type = 111;
    int marker_period_frames = 100;  // 2 s; 0: no markers
    uint32_t first_rtp_timestamp = 0;
    uint16_t first_sequence_number = 0;
  };

  AudioSender(const Config& config, LoopResources* loop, SendLog* log, Timestamp start);

  // Sends every packet due by `now`; returns when the next one is due.
  Timestamp SendDue(Timestamp now, PointTransport& transport);

  const AudioSenderStats& stats() const { return stats_; }

 private:
  void SendPacket(Timestamp now, PointTransport& transport);

  const Config config_;
  LoopResources* const loop_;
  SendLog* const log_;
  RtpPacketBuilder builder_;
  uint64_t frame_ = 0;
  int marker_packet_ = -1;  // packet of the marker being sent, -1 when none
  uint32_t rtp_timestamp_;
  uint16_t rtp_sequence_;
  Timestamp next_;
  AudioSenderStats stats_;
};

}  // namespace softmcu::loadgen
