#pragma once
// What the endpoints of one event loop share: the loop's packet pool, one stamped-frame
// buffer and one packetizer (endpoints on a loop run one after another, so one of each is
// enough), and read-only references to the material, the directory and the clock. Keeping
// these out of the endpoints keeps an endpoint small: 500 audio endpoints on one machine.
//
// Owned by the LoadGenerator, one per loop; used only on that loop's thread.

#include <asio/io_context.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "core/packet_buffer_pool.h"
#include "media/h264/h264_packetizer.h"
#include "tools/loadgen/audio_material.h"
#include "tools/loadgen/endpoint_directory.h"
#include "tools/loadgen/stamped_access_unit.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {

// RTP payload budget per packet: 1200-byte packets less the 12-byte header, room for SRTP's
// tag and for header extensions a middlebox might add.
inline constexpr size_t kMaxRtpPayload = 1150;

struct LoopResources {
  LoopResources(asio::io_context& io, const Clock* clock, const VideoMaterial* video, const AudioMaterial* audio,
                EndpointDirectory* directory)
      : context(io),
        clock(clock),
        video(video),
        audio(audio),
        directory(directory),
        pool(1024, 1 << 16),
        stamped(video ? std::make_unique<StampedAccessUnit>(*video) : nullptr),
        packetizer({.max_payload_size = kMaxRtpPayload, .mode = H264PacketizationMode::kNonInterleaved}),
        failure_log(clock, TimeDelta::Seconds(1), 10) {}

  asio::io_context& context;
  const Clock* const clock;
  const VideoMaterial* const video;  // null for audio-only runs
  const AudioMaterial* const audio;
  EndpointDirectory* const directory;
  PacketBufferPool pool;
  std::unique_ptr<StampedAccessUnit> stamped;
  H264Packetizer packetizer;
  // Endpoint failures are logged through this: 500 refused calls make ten lines and a count
  // (every failure is in the report anyway).
  LogRateLimiter failure_log;
};

}  // namespace softmcu::loadgen
