#pragma once
// The fixed-size records that cross threads between a participant's worker and its room
// (through SpscQueue, so neither side allocates per packet):
//   worker → room   AudioPacketSlot   one received Opus payload, at its playout time
//   room → worker   EncodedAudioSlot  one encoded 20 ms of the mix this participant hears
//   room → worker   OutboundVideo     one encoded picture of the view it watches (shared)

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/units.h"
#include "media/audio/opus_encoder.h"

namespace softmcu {

// RFC 7587: one Opus packet per RTP payload, at most 1275 bytes + TOC.
inline constexpr size_t kMaxOpusPayload = OpusEncoder::kMaxPayloadSize;

struct AudioPacketSlot {
  std::array<uint8_t, kMaxOpusPayload> payload;
  uint16_t size = 0;
  uint32_t rtp_timestamp = 0;
};

struct EncodedAudioSlot {
  std::array<uint8_t, kMaxOpusPayload> payload;
  uint16_t size = 0;
  // The room's audio tick that produced it: each receiver derives its RTP timestamp from
  // it (ticks x 960 + the receiver's own random offset), so a skipped tick is a timestamp
  // jump the receiver's decoder conceals, not a shift of everything after it.
  uint64_t tick = 0;
};

// One encoded picture of a view, shared (read-only) by every receiver of that view.
struct EncodedVideoData {
  std::vector<uint8_t> annex_b;
  bool keyframe = false;
  Timestamp capture_time;  // the room's compose time: receivers' RTP timestamps follow it
};

struct OutboundVideo {
  std::shared_ptr<const EncodedVideoData> data;
};

}  // namespace softmcu
