#pragma once
// One 20 ms frame of decoded audio, the unit every audio stage of softmcu exchanges
// (decoder → mixer → encoder): 48 kHz mono, 960 int16 samples held by value, so a frame
// is moved around without touching the heap.

#include <array>
#include <cstddef>
#include <cstdint>

namespace softmcu {

struct AudioFrame {
  static constexpr int kSampleRate = 48000;
  static constexpr size_t kSamples = 960;  // 20 ms at 48 kHz

  std::array<int16_t, kSamples> samples{};
  // RTP timestamp (48 kHz clock, RFC 7587 §4.1) of the first sample.
  uint32_t rtp_timestamp = 0;
  // True when the samples were produced by packet loss concealment, not decoded.
  bool plc = false;
};

}  // namespace softmcu
