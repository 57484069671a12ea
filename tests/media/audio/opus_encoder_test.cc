#include "media/audio/opus_encoder.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/audio/opus_decoder.h"
#include "media/audio/opus_payload.h"
#include "tests/media/audio/audio_test_signals.h"

namespace softmcu {
namespace {

using test::kFrame;

TEST(OpusEncoder, ToneRoundTripKeepsTwentyDecibelSnr) {
  OpusEncoder encoder;
  OpusDecoder decoder;
  std::vector<int16_t> ref, out;
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  constexpr int kFrames = 100;  // 2 s
  for (int i = 0; i < kFrames; ++i) {
    const AudioFrame in = test::ToneFrame(i, 1000, 16000);
    test::Append(ref, in);
    auto n = encoder.Encode(in, buf);
    ASSERT_TRUE(n.has_value());
    AudioFrame decoded;
    ASSERT_TRUE(decoder.Decode({std::span(buf).first(*n), in.rtp_timestamp}, &decoded));
    test::Append(out, decoded);
  }
  // Align for the codec's lookahead; skip the first half second while the encoder settles.
  const int lag = test::FindLag(ref, out, 960);
  const double snr = test::SnrDb(ref, out, lag, 24000, ref.size() - 24000 - 960);
  EXPECT_GE(snr, 20.0) << "lag " << lag;
  EXPECT_EQ(decoder.stats().decoded, kFrames);
}

TEST(OpusEncoder, PayloadIsOneTwentyMillisecondPacket) {
  OpusEncoder encoder;
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  auto n = encoder.Encode(test::SpeechLikeFrame(0), buf);
  ASSERT_TRUE(n.has_value());
  auto parsed = OpusPayload::Parse(std::span(buf).first(*n));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->samples(), 960);
  EXPECT_FALSE(parsed->stereo());
}

TEST(OpusEncoder, BitrateSetsPayloadSize) {
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  auto average_bytes = [&](DataRate rate) {
    OpusEncoder::Config config;
    config.bitrate = rate;
    OpusEncoder encoder(config);
    size_t total = 0;
    for (int i = 0; i < 50; ++i) total += encoder.Encode(test::SpeechLikeFrame(i), buf).value_or(0);
    return static_cast<double>(total) / 50;
  };
  // 32 kbps is 80 bytes per 20 ms; VBR wanders around it.
  const double at32 = average_bytes(DataRate::KilobitsPerSec(32));
  EXPECT_GT(at32, 50);
  EXPECT_LT(at32, 110);
  EXPECT_LT(average_bytes(DataRate::KilobitsPerSec(12)), at32 * 0.6);
}

TEST(OpusEncoder, FecFollowsReportedLossAboveOnePercent) {
  OpusEncoder encoder;  // InbandFec::kWhenLossy
  EXPECT_FALSE(encoder.fec_enabled());
  encoder.SetPacketLossPercent(1);
  EXPECT_FALSE(encoder.fec_enabled());
  encoder.SetPacketLossPercent(5);
  EXPECT_TRUE(encoder.fec_enabled());
  encoder.SetPacketLossPercent(0);
  EXPECT_FALSE(encoder.fec_enabled());
}

TEST(OpusEncoder, FecOffStaysOffUnderLoss) {
  OpusEncoder::Config config;
  config.inband_fec = OpusEncoder::InbandFec::kOff;
  OpusEncoder encoder(config);
  encoder.SetPacketLossPercent(20);
  EXPECT_FALSE(encoder.fec_enabled());
  EXPECT_EQ(encoder.packet_loss_percent(), 20);
}

TEST(OpusEncoder, FecUnderLossPutsLbrrIntoPackets) {
  OpusEncoder encoder;
  encoder.SetPacketLossPercent(10);
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  int with_fec = 0;
  for (int i = 0; i < 100; ++i) {
    auto n = encoder.Encode(test::SpeechLikeFrame(i), buf);
    ASSERT_TRUE(n.has_value());
    auto parsed = OpusPayload::Parse(std::span(buf).first(*n));
    ASSERT_TRUE(parsed.has_value());
    with_fec += parsed->HasInbandFec();
  }
  // SILK codes LBRR only for frames its VAD calls speech, and packet N+1 carries N's.
  EXPECT_GT(with_fec, 60);
}

TEST(OpusEncoder, NoLbrrWithoutLoss) {
  OpusEncoder encoder;
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  for (int i = 0; i < 50; ++i) {
    auto n = encoder.Encode(test::SpeechLikeFrame(i), buf);
    ASSERT_TRUE(n.has_value());
    EXPECT_FALSE(OpusPayload::Parse(std::span(buf).first(*n))->HasInbandFec()) << "frame " << i;
  }
}

TEST(OpusEncoder, DtxShrinksSilenceToTinyPayloads) {
  OpusEncoder::Config config;
  config.dtx = true;
  OpusEncoder encoder(config);
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  const AudioFrame silence;
  int tiny = 0;
  for (int i = 0; i < 100; ++i) tiny += encoder.Encode(silence, buf).value_or(100) <= 2;
  EXPECT_GT(tiny, 80);
}

TEST(OpusEncoder, EncodeFailsIntoEmptyBuffer) {
  OpusEncoder encoder;
  EXPECT_FALSE(encoder.Encode(test::SpeechLikeFrame(0), std::span<uint8_t>()).has_value());
}

}  // namespace
}  // namespace softmcu
