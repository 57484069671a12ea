#pragma once
// Deterministic test audio and the measures the audio tests compare it with: a pure tone,
// a speech-like signal (harmonics of a gliding pitch under formants and a syllable
// envelope: non-stationary, so concealment cannot just repeat it, and with an
// unambiguous cross-correlation peak), codec delay by cross-correlation, and SNR.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <vector>

#include "media/audio/audio_frame.h"

namespace softmcu::test {

inline constexpr int kRate = AudioFrame::kSampleRate;
inline constexpr size_t kFrame = AudioFrame::kSamples;

// Frame `index` of a sine at `hz`, peak `amplitude`, continuous across frames.
inline AudioFrame ToneFrame(int index, double hz, double amplitude) {
  AudioFrame f;
  f.rtp_timestamp = static_cast<uint32_t>(index * kFrame);
  for (size_t n = 0; n < kFrame; ++n) {
    const double t = static_cast<double>(index * kFrame + n) / kRate;
    f.samples[n] = static_cast<int16_t>(std::lround(amplitude * std::sin(2 * std::numbers::pi * hz * t)));
  }
  return f;
}

// Frame `index` of the speech-like signal, peak about 12000.
inline AudioFrame SpeechLikeFrame(int index) {
  constexpr double kPi = std::numbers::pi;
  AudioFrame f;
  f.rtp_timestamp = static_cast<uint32_t>(index * kFrame);
  for (size_t n = 0; n < kFrame; ++n) {
    const double t = static_cast<double>(index * kFrame + n) / kRate;
    // Pitch 110–190 Hz gliding at 0.7 Hz; phase is its integral.
    const double f0 = 150 + 40 * std::sin(2 * kPi * 0.7 * t);
    const double phase = 150 * t - 40 / (2 * kPi * 0.7) * std::cos(2 * kPi * 0.7 * t);
    // Formants that move with the "vowel", at 2.3 Hz.
    const double f1 = 600 + 200 * std::sin(2 * kPi * 2.3 * t);
    const double f2 = 1400 + 500 * std::cos(2 * kPi * 1.9 * t);
    double v = 0;
    for (int h = 1; h * f0 < 4000; ++h) {
      const double hz = h * f0;
      const double gain = std::exp(-std::pow((hz - f1) / 250, 2)) +
                          0.6 * std::exp(-std::pow((hz - f2) / 350, 2)) +
                          0.15 * std::exp(-std::pow((hz - 2600) / 500, 2)) + 0.03;
      v += gain * std::sin(2 * kPi * h * phase);
    }
    // Syllables at ~4 Hz, never fully silent.
    const double envelope = 0.15 + 0.85 * std::pow(std::sin(kPi * 4 * t), 2);
    f.samples[n] = static_cast<int16_t>(std::lround(5000 * envelope * v));
  }
  return f;
}

inline void Append(std::vector<int16_t>& to, const AudioFrame& f) {
  to.insert(to.end(), f.samples.begin(), f.samples.end());
}

// The delay of `out` behind `ref` (0..max_lag samples) maximizing their correlation
// over one second from half a second in (past the encoder's start-up).
inline int FindLag(const std::vector<int16_t>& ref, const std::vector<int16_t>& out, int max_lag) {
  int best = 0;
  double best_sum = -1e300;
  const size_t begin = std::min<size_t>(ref.size() / 4, kRate / 2);
  const size_t span = std::min<size_t>(ref.size() - begin - static_cast<size_t>(max_lag), kRate);
  for (int lag = 0; lag <= max_lag; ++lag) {
    double sum = 0;
    for (size_t i = begin; i < begin + span && i + lag < out.size(); ++i)
      sum += static_cast<double>(ref[i]) * out[i + lag];
    if (sum > best_sum) {
      best_sum = sum;
      best = lag;
    }
  }
  return best;
}

// SNR in dB of out[begin + lag, +count) against ref[begin, +count).
inline double SnrDb(const std::vector<int16_t>& ref, const std::vector<int16_t>& out, int lag, size_t begin,
                    size_t count) {
  double signal = 0, noise = 0;
  for (size_t i = begin; i < begin + count && i < ref.size() && i + lag < out.size(); ++i) {
    const double r = ref[i];
    const double e = r - out[i + lag];
    signal += r * r;
    noise += e * e;
  }
  if (noise == 0) return 200;
  return 10 * std::log10(signal / noise);
}

}  // namespace softmcu::test
