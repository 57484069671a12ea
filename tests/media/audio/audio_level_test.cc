#include "media/audio/audio_level.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "tests/media/audio/audio_test_signals.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

constexpr uint8_t kExtensionId = 3;  // as negotiated by a=extmap

TEST(AudioLevel, SilenceIs127) {
  EXPECT_EQ(AudioLevel::LevelOf(AudioFrame{}), 127);
}

TEST(AudioLevel, FullScaleSineIsThree) {
  // RMS of a full-scale sine is 1/√2 of the overload point: −3 dBov.
  EXPECT_EQ(AudioLevel::LevelOf(test::ToneFrame(0, 1000, 32767)), 3);
}

TEST(AudioLevel, FullScaleSquareIsZero) {
  AudioFrame f;
  for (size_t n = 0; n < f.samples.size(); ++n) f.samples[n] = (n / 24) % 2 ? 32767 : -32768;
  EXPECT_EQ(AudioLevel::LevelOf(f), 0);
}

TEST(AudioLevel, TwentyDecibelsQuieterReadsTwentyMore) {
  EXPECT_EQ(AudioLevel::LevelOf(test::ToneFrame(0, 1000, 3277)), 23);
}

TEST(AudioLevel, QuietestSampleClampsTo127) {
  AudioFrame f;
  f.samples[0] = 1;  // −(10·log10(1/960) − 90.3) ≈ 120 dBov: not yet silence
  EXPECT_EQ(AudioLevel::LevelOf(f), 120);
  EXPECT_EQ(AudioLevel(200, VoiceActivity::kInactive).level(), 127);
}

TEST(AudioLevel, ParsesVoiceBitAndLevel) {
  const std::array<uint8_t, 1> active = {0x80 | 42};
  auto level = AudioLevel::Parse(active);
  ASSERT_TRUE(level.has_value());
  EXPECT_EQ(level->voice_activity(), VoiceActivity::kActive);
  EXPECT_EQ(level->level(), 42);
  const std::array<uint8_t, 1> inactive = {127};
  EXPECT_EQ(AudioLevel::Parse(inactive)->voice_activity(), VoiceActivity::kInactive);
}

TEST(AudioLevel, RejectsElementOfWrongSize) {
  EXPECT_FALSE(AudioLevel::Parse({}).has_value());
  const std::array<uint8_t, 2> two = {0x80, 0x00};
  EXPECT_FALSE(AudioLevel::Parse(two).has_value());
}

TEST(AudioLevel, RoundTripsThroughRtpHeaderExtension) {
  const AudioLevel sent = AudioLevel::Measure(test::ToneFrame(0, 440, 3277), VoiceActivity::kActive);
  const uint8_t byte = sent.ToByte();
  RtpPacketBuilder builder;
  builder.SetPayloadType(111).SetSequenceNumber(1).SetTimestamp(960).SetSsrc(0x1234);
  ASSERT_TRUE(builder.AddExtension(kExtensionId, std::span(&byte, 1)));
  const std::array<uint8_t, 3> payload = {1, 2, 3};
  std::array<uint8_t, 64> buf{};
  auto size = builder.Write(payload, buf);
  ASSERT_TRUE(size.has_value());
  // One-byte form (RFC 8285 §4.2): ID 3, len field 0, then V|level.
  EXPECT_EQ(buf[12], 0xbe);
  EXPECT_EQ(buf[16], kExtensionId << 4);
  EXPECT_EQ(buf[17], 0x80 | 23);

  auto view = RtpPacketView::Parse(std::span(buf).first(*size));
  ASSERT_TRUE(view.has_value());
  auto received = AudioLevel::FromPacket(*view, kExtensionId);
  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(*received, sent);
  EXPECT_FALSE(AudioLevel::FromPacket(*view, kExtensionId + 1).has_value());
}

}  // namespace
}  // namespace softmcu
