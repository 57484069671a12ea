#pragma once
// Tones for the mixer tests: each participant speaks its own frequency, chosen so that a
// 20 ms frame holds a whole number of cycles (300 Hz = 6 cycles, 500 Hz = 10, ...). The
// tones are then exactly orthogonal over one frame, and ToneAmplitude() measures how much
// of one participant's voice a mix holds without any leakage from the others.

#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>

#include "media/audio/audio_frame.h"

namespace softmcu::test {

inline constexpr double kMixRate = 48'000;

inline AudioFrame Tone(double hz, double amplitude, double phase = 0) {
  AudioFrame f;
  for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
    f.samples[n] = static_cast<int16_t>(
        std::lround(amplitude * std::sin(2 * std::numbers::pi * hz * n / kMixRate + phase)));
  }
  return f;
}

// Amplitude of the `hz` component of `frame` (single-bin DFT, scaled so a pure tone of
// amplitude A reads A).
inline double ToneAmplitude(const AudioFrame& frame, double hz) {
  std::complex<double> acc;
  for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
    acc += static_cast<double>(frame.samples[n]) * std::polar(1.0, -2 * std::numbers::pi * hz * n / kMixRate);
  }
  return 2 * std::abs(acc) / AudioFrame::kSamples;
}

inline bool IsSilent(const AudioFrame& frame) {
  for (int16_t s : frame.samples)
    if (s != 0) return false;
  return true;
}

}  // namespace softmcu::test
