#include "tools/loadgen/audio_marker.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace softmcu::loadgen {
namespace {

constexpr int kRampSamples = 24;  // 0.5 ms: no click, no spread of the sync tone's onset
constexpr int kIdBits = 12;
constexpr int kCrcBits = 4;
// Symbol analysis window inside its 10 ms slot: the middle 300 samples, 90 from each edge,
// so an onset error of up to 90 samples still reads the right slot.
constexpr int kSymbolWindowStart = 90;
constexpr int kSymbolWindow = 300;
constexpr double kSymbolDominance = 4.0;  // best tone's power over the second best

// CRC-4 (x^4 + x + 1, initial 0xF) over `bits` bits, MSB first.
uint16_t Crc4(uint32_t data, int bits) {
  uint16_t crc = 0xF;
  for (int i = bits - 1; i >= 0; --i) {
    const bool in = ((data >> i) & 1u) != 0;
    const bool top = (crc & 0x8) != 0;
    crc = static_cast<uint16_t>((crc << 1) & 0xF);
    if (in != top) crc ^= 0x3;
  }
  return crc;
}

// Goertzel: |X(f)|² of `count` samples starting at `first`, via the accessor.
template <typename SampleAt>
double TonePower(SampleAt&& at, int64_t first, int count, double hz) {
  const double w = 2.0 * std::numbers::pi * hz / AudioMarker::kSampleRate;
  const double coeff = 2.0 * std::cos(w);
  double s1 = 0, s2 = 0;
  for (int i = 0; i < count; ++i) {
    const double s0 = at(first + i) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

// Amplitude of a tone with Goertzel power `power` over `count` samples.
double Amplitude(double power, int count) {
  return 2.0 * std::sqrt(std::max(power, 0.0)) / count;
}

}  // namespace

uint16_t AudioMarker::Encode(uint32_t id) {
  id &= kMaxId;
  return static_cast<uint16_t>((id << kCrcBits) | Crc4(id, kIdBits));
}

std::optional<uint32_t> AudioMarker::Decode(uint16_t bits) {
  const uint32_t id = bits >> kCrcBits;
  if ((bits & 0xF) != Crc4(id, kIdBits)) return std::nullopt;
  return id;
}

void AudioMarker::Synthesize(uint32_t id, std::span<int16_t> out) {
  const uint16_t bits = Encode(id);
  const size_t n = std::min(out.size(), static_cast<size_t>(kSamples));
  double phase = 0;
  for (size_t i = 0; i < n; ++i) {
    const int s = static_cast<int>(i);
    double hz = kSyncHz;
    if (s >= kSyncSamples) {
      const int symbol = (s - kSyncSamples) / kSymbolSamples;
      hz = kSymbolHz[(bits >> (2 * (kSymbols - 1 - symbol))) & 3u];
    }
    phase += 2.0 * std::numbers::pi * hz / kSampleRate;
    const double ramp = std::min({1.0, (s + 1.0) / kRampSamples, (kSamples - s) / static_cast<double>(kRampSamples)});
    const double v = out[i] + kAmplitude * ramp * std::sin(phase);
    out[i] = static_cast<int16_t>(std::clamp(v, -32768.0, 32767.0));
  }
}

AudioMarkerDetector::AudioMarkerDetector() = default;

std::optional<DetectedMarker> AudioMarkerDetector::Feed(std::span<const int16_t> samples) {
  for (int16_t s : samples) history_[static_cast<size_t>(total_++ % kHistory)] = s;
  // Older samples than the history holds are gone: never analyse them.
  analysed_ = std::max(analysed_, total_ - kHistory + kBlock);
  analysed_ -= analysed_ % kBlock;
  while (!onset_ && analysed_ + kBlock <= total_) {
    AnalyseBlock(analysed_);
    analysed_ += kBlock;
  }
  if (onset_ && total_ >= *onset_ + AudioMarker::kSamples) return TryDecode();
  return std::nullopt;
}

void AudioMarkerDetector::AnalyseBlock(int64_t start) {
  if (start < quiet_until_) {
    strong_blocks_ = 0;
    return;
  }
  auto at = [this](int64_t i) { return static_cast<double>(At(i)); };
  double energy = 0;
  for (int i = 0; i < kBlock; ++i) energy += at(start + i) * at(start + i);
  const double power = TonePower(at, start, kBlock, AudioMarker::kSyncHz);
  const double amplitude = Amplitude(power, kBlock);
  const double share = energy > 0 ? 2.0 * power / (kBlock * energy) : 0.0;
  if (amplitude < kMinAmplitude || share < kMinSyncShare) {
    strong_blocks_ = 0;
    return;
  }
  if (++strong_blocks_ < 2) return;
  // The tone started in or just before the first strong block: a block partly filled with
  // the tone measures that fraction of its amplitude, which places the onset inside it.
  const int64_t first = start - kBlock;
  const double full = Amplitude(TonePower(at, first, kBlock, AudioMarker::kSyncHz), kBlock);
  double partial = 0;
  if (first - kBlock >= 0 && first - kBlock >= total_ - kHistory) {
    partial = Amplitude(TonePower(at, first - kBlock, kBlock, AudioMarker::kSyncHz), kBlock);
  }
  const double fraction = full > 0 ? std::clamp(partial / full, 0.0, 1.0) : 0.0;
  onset_ = first - static_cast<int64_t>(std::lround(fraction * kBlock));
  strong_blocks_ = 0;
}

std::optional<DetectedMarker> AudioMarkerDetector::TryDecode() {
  const int64_t onset = *onset_;
  onset_.reset();
  quiet_until_ = onset + AudioMarker::kSamples;
  analysed_ = std::max(analysed_, quiet_until_ - quiet_until_ % kBlock);
  auto at = [this](int64_t i) { return static_cast<double>(At(i)); };
  uint16_t bits = 0;
  for (int k = 0; k < AudioMarker::kSymbols; ++k) {
    const int64_t first = onset + AudioMarker::kSyncSamples + k * AudioMarker::kSymbolSamples + kSymbolWindowStart;
    std::array<double, 4> power{};
    for (size_t t = 0; t < power.size(); ++t) power[t] = TonePower(at, first, kSymbolWindow, AudioMarker::kSymbolHz[t]);
    const auto best = static_cast<size_t>(std::max_element(power.begin(), power.end()) - power.begin());
    double second = 0;
    for (size_t t = 0; t < power.size(); ++t) {
      if (t != best) second = std::max(second, power[t]);
    }
    if (Amplitude(power[best], kSymbolWindow) < kMinAmplitude / 2 || power[best] < kSymbolDominance * second) {
      ++stats_.undecodable;
      return std::nullopt;
    }
    bits = static_cast<uint16_t>((bits << 2) | best);
  }
  auto id = AudioMarker::Decode(bits);
  if (!id) {
    ++stats_.undecodable;
    return std::nullopt;
  }
  ++stats_.markers;
  return DetectedMarker{*id, onset};
}

}  // namespace softmcu::loadgen
