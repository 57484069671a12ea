#include "tools/loadgen/audio_marker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "media/audio/opus_decoder.h"
#include "media/audio/opus_encoder.h"
#include "mixer/audio/soft_limiter.h"
#include "tools/loadgen/audio_material.h"

namespace softmcu::loadgen {
namespace {

constexpr int kFrame = AudioMaterial::kFrameSamples;

// Feeds `pcm` to a detector frame by frame; every marker found.
std::vector<DetectedMarker> Detect(const std::vector<int16_t>& pcm, AudioMarkerDetector* detector = nullptr) {
  AudioMarkerDetector local;
  AudioMarkerDetector& d = detector ? *detector : local;
  std::vector<DetectedMarker> found;
  for (size_t i = 0; i + kFrame <= pcm.size(); i += kFrame) {
    if (auto m = d.Feed(std::span<const int16_t>(pcm).subspan(i, kFrame))) found.push_back(*m);
  }
  return found;
}

// One endpoint's packet sequence as it sends it: noise, marker `id` at frame `at`, noise.
std::vector<std::vector<uint8_t>> SenderPackets(const AudioMaterial& m, uint32_t id, int at, int total) {
  std::vector<std::vector<uint8_t>> packets;
  for (int i = 0; i < total; ++i) {
    std::span<const uint8_t> p = i >= at && i < at + AudioMaterial::kMarkerPackets ? m.marker(id, i - at)
                                                                                     : m.background(static_cast<size_t>(i));
    packets.emplace_back(p.begin(), p.end());
  }
  return packets;
}

std::vector<int16_t> DecodeAll(const std::vector<std::vector<uint8_t>>& packets) {
  OpusDecoder decoder;
  std::vector<int16_t> pcm;
  uint32_t ts = 0;
  for (const auto& p : packets) {
    AudioFrame frame;
    EXPECT_TRUE(decoder.Decode({p, ts}, &frame));
    ts += kFrame;
    pcm.insert(pcm.end(), frame.samples.begin(), frame.samples.end());
  }
  return pcm;
}

const AudioMaterial& Material() {
  static auto material = [] {
    auto built = AudioMaterial::Build({.marker_ids = 16});
    EXPECT_TRUE(built.has_value());
    return std::move(*built);
  }();
  return *material;
}

TEST(AudioMarker, CodeRoundTripsAndCatchesErrors) {
  for (uint32_t id : {0u, 1u, 500u, 4095u}) EXPECT_EQ(AudioMarker::Decode(AudioMarker::Encode(id)), id);
  const uint16_t bits = AudioMarker::Encode(1234);
  for (int b = 0; b < 16; ++b) EXPECT_FALSE(AudioMarker::Decode(static_cast<uint16_t>(bits ^ (1u << b))).has_value());
}

TEST(AudioMarker, DetectorFindsIdAndOnsetInCleanPcm) {
  std::vector<int16_t> pcm(kFrame * 20, 0);
  const int onset = kFrame * 7 + 333;
  AudioMarker::Synthesize(42, std::span<int16_t>(pcm).subspan(onset));
  auto found = Detect(pcm);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 42u);
  EXPECT_NEAR(static_cast<double>(found[0].onset_sample), onset, 60);
}

TEST(AudioMarker, DetectorIgnoresSilenceNoiseAndSteadyTones) {
  std::vector<int16_t> pcm(kFrame * 50);
  uint32_t state = 1;
  for (size_t i = 0; i < pcm.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    const double tone = 12000 * std::sin(2 * std::numbers::pi * 440 * static_cast<double>(i) / 48000);
    pcm[i] = static_cast<int16_t>(tone + static_cast<int>(state >> 20) % 2001 - 1000);
  }
  AudioMarkerDetector detector;
  EXPECT_TRUE(Detect(pcm, &detector).empty());
  EXPECT_EQ(detector.stats().undecodable, 0u);
}

TEST(AudioMarker, MarkerSurvivesOpusAndIsTimedWithinTheCodecDelay) {
  const AudioMaterial& m = Material();
  auto pcm = DecodeAll(SenderPackets(m, 7, 20, 40));
  auto found = Detect(pcm);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 7u);
  // Opus adds its algorithmic delay (6.5 ms = 312 samples at 20 ms frames).
  EXPECT_GE(found[0].onset_sample, 20 * kFrame);
  EXPECT_LE(found[0].onset_sample, 20 * kFrame + 480);
}

TEST(AudioMarker, MarkerSurvivesMixingTheLimiterAndReencoding) {
  // An MCU: decodes three talkers — the one with the marker, another synthetic endpoint
  // (noise) and a person speaking at -15 dBFS (a 300 Hz tone) — mixes them with 6 dB of
  // gain, so the peaks hit the soft limiter, and re-encodes the mix once; the listener
  // decodes it.
  const AudioMaterial& m = Material();
  auto a = DecodeAll(SenderPackets(m, 11, 10, 40));
  auto b = DecodeAll(SenderPackets(m, 12, 100, 40));  // no marker in this window
  std::vector<int16_t> mix(a.size());
  int limited = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double person = 6000 * std::sin(2 * std::numbers::pi * 300 * static_cast<double>(i) / 48000);
    const auto sum = static_cast<int32_t>(2 * (a[i] + b[i] + person));
    if (std::abs(sum) > SoftLimiter::kKnee) ++limited;
    mix[i] = SoftLimiter::Apply(sum);
  }
  EXPECT_GT(limited, 100) << "the limiter must have worked on the marker";
  OpusEncoder mcu_encoder;
  std::vector<std::vector<uint8_t>> packets;
  std::vector<uint8_t> out(OpusEncoder::kMaxPayloadSize);
  for (size_t i = 0; i + kFrame <= mix.size(); i += kFrame) {
    AudioFrame frame;
    std::copy(mix.begin() + static_cast<ptrdiff_t>(i), mix.begin() + static_cast<ptrdiff_t>(i + kFrame), frame.samples.begin());
    auto size = mcu_encoder.Encode(frame, out);
    ASSERT_TRUE(size.has_value());
    packets.emplace_back(out.begin(), out.begin() + static_cast<ptrdiff_t>(*size));
  }
  auto found = Detect(DecodeAll(packets));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 11u);
  EXPECT_GE(found[0].onset_sample, 10 * kFrame);
  EXPECT_LE(found[0].onset_sample, 10 * kFrame + 960);
}

TEST(AudioMarker, OverlappingMarkersNeverReadAsAnotherEndpoint) {
  for (int shift : {0, 240, 960, 2400}) {
    std::vector<int16_t> pcm(kFrame * 20, 0);
    AudioMarker::Synthesize(5, std::span<int16_t>(pcm).subspan(kFrame * 5));
    AudioMarker::Synthesize(9, std::span<int16_t>(pcm).subspan(kFrame * 5 + static_cast<size_t>(shift)));
    for (const auto& marker : Detect(pcm)) {
      EXPECT_TRUE(marker.id == 5 || marker.id == 9) << "shift " << shift << " read id " << marker.id;
    }
  }
}

}  // namespace
}  // namespace softmcu::loadgen
