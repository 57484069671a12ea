// Fuzzes the audio marker detector (tools/loadgen) on decoded PCM, which comes from an MCU's
// mix: arbitrary samples fed in arbitrary chunk sizes.
//
// Input: chunk length (1 byte, ×16, at most 1920 samples) | samples (int16, little-endian).
//
// Invariants: no crash; a marker's id is within range and its onset within what was fed.

#include <cstdint>
#include <cstring>
#include <vector>

#include "tools/loadgen/audio_marker.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using softmcu::loadgen::AudioMarker;
  using softmcu::loadgen::AudioMarkerDetector;
  if (size < 3) return 0;
  const size_t chunk = std::max<size_t>(1, std::min<size_t>(data[0] * 16u, 1920));
  std::vector<int16_t> samples((size - 1) / 2);
  std::memcpy(samples.data(), data + 1, samples.size() * 2);
  AudioMarkerDetector detector;
  for (size_t i = 0; i < samples.size(); i += chunk) {
    const size_t n = std::min(chunk, samples.size() - i);
    if (auto m = detector.Feed(std::span<const int16_t>(samples).subspan(i, n))) {
      if (m->id > AudioMarker::kMaxId || m->onset_sample < 0 || m->onset_sample > detector.samples_seen()) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
