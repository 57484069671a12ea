#pragma once
// One 20 ms tick of mono PCM at 48 kHz (DESIGN.md "Audio": the mixer's unit of work).
// A fixed-size value type: copying it is a 1,920-byte memcpy with no allocation, cheap
// enough to pass through a bounded queue between the decode and mix threads by value.

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/units.h"

namespace softmcu {

struct AudioFrame {
  static constexpr int kSampleRateHz = 48'000;
  static constexpr TimeDelta kDuration = TimeDelta::Millis(20);
  static constexpr size_t kSamples = kSampleRateHz / 50;  // 960

  std::array<int16_t, kSamples> samples{};
  // Time of the first sample on the source's media timeline.
  TimeDelta timestamp;
  // The input it came from (a participant) or the mix it is; 0 when unset.
  uint32_t source_id = 0;
};

}  // namespace softmcu
