#include "media/audio/opus_decoder.h"

#include <gtest/gtest.h>
#include <opus/opus.h>

#include <array>
#include <optional>
#include <random>
#include <vector>

#include "media/audio/opus_encoder.h"
#include "media/audio/opus_payload.h"
#include "tests/media/audio/audio_test_signals.h"

namespace softmcu {
namespace {

using test::kFrame;
using Packet = OpusDecoder::Packet;
using Source = OpusDecoder::FrameSource;

constexpr uint32_t kBaseTimestamp = 0x10000;

struct EncodedStream {
  std::vector<int16_t> original;
  std::vector<std::vector<uint8_t>> payloads;

  Packet packet(size_t i) const { return {payloads[i], kBaseTimestamp + static_cast<uint32_t>(i * kFrame)}; }
};

EncodedStream EncodeSpeech(int frames, const OpusEncoder::Config& config) {
  OpusEncoder encoder(config);
  EncodedStream s;
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  for (int i = 0; i < frames; ++i) {
    const AudioFrame in = test::SpeechLikeFrame(i);
    test::Append(s.original, in);
    const size_t n = encoder.Encode(in, buf).value();
    s.payloads.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
  }
  return s;
}

OpusEncoder::Config WithoutFec() {
  OpusEncoder::Config config;
  config.inband_fec = OpusEncoder::InbandFec::kOff;
  return config;
}

// Raw libopus packets of other durations / channel counts than OpusEncoder makes.
std::vector<uint8_t> RawEncode(int channels, int frame_samples, int index) {
  int error = 0;
  ::OpusEncoder* enc = opus_encoder_create(48000, channels, OPUS_APPLICATION_VOIP, &error);
  std::vector<int16_t> pcm(static_cast<size_t>(frame_samples * channels));
  const AudioFrame source = test::SpeechLikeFrame(index);
  for (size_t n = 0; n < pcm.size(); ++n) pcm[n] = source.samples[n % kFrame];
  std::vector<uint8_t> out(1500);
  const int bytes =
      opus_encode(enc, pcm.data(), frame_samples, out.data(), static_cast<opus_int32>(out.size()));
  opus_encoder_destroy(enc);
  out.resize(static_cast<size_t>(bytes));
  return out;
}

TEST(OpusDecoder, DecodesTwentyMillisecondPacketIntoOneFrame) {
  const EncodedStream s = EncodeSpeech(1, OpusEncoder::Config{});
  OpusDecoder decoder;
  AudioFrame frame;
  ASSERT_TRUE(decoder.Decode(s.packet(0), &frame));
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp);
  EXPECT_FALSE(frame.plc);
  EXPECT_EQ(decoder.queued_samples(), 0u);
  EXPECT_EQ(decoder.stats().decoded, 1);
}

TEST(OpusDecoder, RandomLossKeepsOneFramePerTick) {
  constexpr int kTicks = 250;
  const EncodedStream s = EncodeSpeech(kTicks, WithoutFec());
  std::mt19937 rng(7);
  std::vector<bool> received(kTicks);
  int lost = 0;
  for (int i = 0; i < kTicks; ++i) {
    received[i] = rng() % 100 >= 10;  // 10 % loss
    lost += !received[i];
  }
  ASSERT_GT(lost, 10);

  OpusDecoder decoder;
  for (int i = 0; i < kTicks; ++i) {
    std::optional<Packet> current, next;
    if (received[i]) current = s.packet(i);
    if (i + 1 < kTicks && received[i + 1]) next = s.packet(i + 1);
    const AudioFrame frame = decoder.NextFrame(current, next);
    // One frame per tick, each exactly 20 ms after the previous: no gaps, no repeats.
    EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp + i * kFrame) << "tick " << i;
    EXPECT_EQ(frame.plc, !received[i]) << "tick " << i;
  }
  EXPECT_EQ(decoder.stats().plc, lost);
  EXPECT_EQ(decoder.stats().decoded, kTicks - lost);
  EXPECT_EQ(decoder.stats().fec_recovered, 0);
}

TEST(OpusDecoder, FecRecoversSingleLossesCloserThanConcealment) {
  constexpr int kTicks = 250;
  OpusEncoder::Config config;  // FEC when lossy
  config.packet_loss_percent = 10;
  const EncodedStream s = EncodeSpeech(kTicks, config);
  // Isolated single losses at seeded random places, never two in a row.
  std::mt19937 rng(11);
  std::vector<bool> received(kTicks, true);
  for (int i = 10; i + 2 < kTicks; ++i) {
    if (received[i - 1] && rng() % 100 < 10) {
      received[i] = false;
      ++i;
    }
  }

  OpusDecoder with_fec, plc_only;
  std::vector<int16_t> fec_out, plc_out;
  std::vector<int> recovered;
  int lost = 0;
  for (int i = 0; i < kTicks; ++i) {
    std::optional<Packet> current, next;
    if (received[i]) current = s.packet(i);
    if (i + 1 < kTicks && received[i + 1]) next = s.packet(i + 1);
    AudioFrame a, b;
    const Source source = with_fec.NextFrame(current, next, &a);
    plc_only.NextFrame(current, std::nullopt, &b);
    if (!received[i]) {
      // SILK sends LBRR only for frames its VAD called speech: quiet frames are concealed.
      const bool has_fec = OpusPayload::Parse(s.payloads[i + 1])->HasInbandFec();
      EXPECT_EQ(source, has_fec ? Source::kFec : Source::kPlc) << "tick " << i;
      EXPECT_EQ(a.plc, !has_fec);
      EXPECT_TRUE(b.plc);
      EXPECT_EQ(a.rtp_timestamp, kBaseTimestamp + i * kFrame);
      if (has_fec) recovered.push_back(i);
      ++lost;
    }
    test::Append(fec_out, a);
    test::Append(plc_out, b);
  }
  ASSERT_GE(lost, 10);
  ASSERT_GE(recovered.size() * 3, static_cast<size_t>(lost) * 2) << "most losses should be recoverable";
  EXPECT_EQ(with_fec.stats().fec_recovered, static_cast<int64_t>(recovered.size()));
  EXPECT_EQ(with_fec.stats().plc, lost - static_cast<int64_t>(recovered.size()));
  EXPECT_EQ(plc_only.stats().plc, lost);

  // Compare the recovered frames with the original, aligned for the codec delay.
  const int lag = test::FindLag(s.original, fec_out, 960);
  double signal = 0, fec_noise = 0, plc_noise = 0;
  for (int i : recovered) {
    for (size_t n = 0; n < kFrame; ++n) {
      const size_t out_index = i * kFrame + n;
      if (out_index < static_cast<size_t>(lag)) continue;
      const double r = s.original[out_index - lag];
      signal += r * r;
      fec_noise += (r - fec_out[out_index]) * (r - fec_out[out_index]);
      plc_noise += (r - plc_out[out_index]) * (r - plc_out[out_index]);
    }
  }
  const double fec_snr = 10 * std::log10(signal / fec_noise);
  const double plc_snr = 10 * std::log10(signal / plc_noise);
  EXPECT_GT(fec_snr, plc_snr + 1.0) << "FEC " << fec_snr << " dB, PLC " << plc_snr << " dB, lag " << lag;
}

TEST(OpusDecoder, LostPacketWithoutFecInNextIsConcealed) {
  const EncodedStream s = EncodeSpeech(3, WithoutFec());
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_EQ(decoder.NextFrame(s.packet(0), std::nullopt, &frame), Source::kDecoded);
  EXPECT_EQ(decoder.NextFrame(std::nullopt, s.packet(2), &frame), Source::kPlc);
  EXPECT_TRUE(frame.plc);
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp + kFrame);
  EXPECT_EQ(decoder.stats().fec_recovered, 0);
  EXPECT_EQ(decoder.stats().plc, 1);
}

TEST(OpusDecoder, DecodeLostContinuesTimestamps) {
  const EncodedStream s = EncodeSpeech(1, OpusEncoder::Config{});
  OpusDecoder decoder;
  AudioFrame frame;
  decoder.Decode(s.packet(0), &frame);
  decoder.DecodeLost(&frame);
  EXPECT_TRUE(frame.plc);
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp + kFrame);
  decoder.DecodeLost(&frame);
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp + 2 * kFrame);
}

TEST(OpusDecoder, SixtyMillisecondPacketYieldsThreeFrames) {
  const EncodedStream s = EncodeSpeech(3, WithoutFec());
  // Join three 20 ms packets into one code 3 packet (RFC 6716 §3.2.5).
  OpusRepacketizer* rp = opus_repacketizer_create();
  for (const auto& p : s.payloads)
    ASSERT_EQ(opus_repacketizer_cat(rp, p.data(), static_cast<opus_int32>(p.size())), OPUS_OK);
  std::vector<uint8_t> joined(1500);
  const int n = opus_repacketizer_out(rp, joined.data(), static_cast<opus_int32>(joined.size()));
  opus_repacketizer_destroy(rp);
  ASSERT_GT(n, 0);
  joined.resize(static_cast<size_t>(n));

  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_EQ(decoder.NextFrame(Packet{joined, kBaseTimestamp}, std::nullopt, &frame), Source::kDecoded);
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp);
  EXPECT_EQ(decoder.queued_samples(), 2 * kFrame);
  for (uint32_t k = 1; k <= 2; ++k) {
    EXPECT_EQ(decoder.NextFrame(std::nullopt, std::nullopt, &frame), Source::kDecoded);
    EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp + k * kFrame);
    EXPECT_FALSE(frame.plc);
  }
  EXPECT_EQ(decoder.NextFrame(std::nullopt, std::nullopt, &frame), Source::kPlc);
  EXPECT_EQ(decoder.stats().decoded, 1);
}

TEST(OpusDecoder, TwoTenMillisecondPacketsMakeOneFrame) {
  const std::vector<uint8_t> first = RawEncode(1, 480, 0), second = RawEncode(1, 480, 1);
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_FALSE(decoder.Decode({first, kBaseTimestamp}, &frame));
  EXPECT_EQ(decoder.queued_samples(), 480u);
  EXPECT_TRUE(decoder.Decode({second, kBaseTimestamp + 480}, &frame));
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp);
  EXPECT_EQ(decoder.stats().errors, 0);
}

TEST(OpusDecoder, ShortPacketAloneIsCompletedByConcealment) {
  const std::vector<uint8_t> half = RawEncode(1, 480, 0);
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_EQ(decoder.NextFrame(Packet{half, kBaseTimestamp}, std::nullopt, &frame), Source::kPlc);
  EXPECT_TRUE(frame.plc);
  EXPECT_EQ(frame.rtp_timestamp, kBaseTimestamp);
  EXPECT_EQ(decoder.queued_samples(), 0u);
}

TEST(OpusDecoder, StereoStreamIsDecodedToMono) {
  const std::vector<uint8_t> stereo = RawEncode(2, 960, 0);
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_TRUE(decoder.Decode({stereo, kBaseTimestamp}, &frame));
  EXPECT_EQ(decoder.stats().errors, 0);
}

TEST(OpusDecoder, MalformedPacketIsCountedAndConcealed) {
  const std::vector<uint8_t> malformed = {0x03};  // code 3 without its frame count byte
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_EQ(decoder.NextFrame(Packet{malformed, kBaseTimestamp}, std::nullopt, &frame), Source::kPlc);
  EXPECT_TRUE(frame.plc);
  EXPECT_EQ(decoder.stats().errors, 1);
  EXPECT_EQ(decoder.stats().decoded, 0);
}

TEST(OpusDecoder, EmptyPayloadIsAnError) {
  OpusDecoder decoder;
  AudioFrame frame;
  EXPECT_FALSE(decoder.Decode({{}, kBaseTimestamp}, &frame));
  EXPECT_EQ(decoder.stats().errors, 1);
}

TEST(OpusDecoder, QueueOverflowDropsPacketInsteadOfGrowing) {
  // 120 ms packets delivered every 20 ms tick pile up until the queue is full.
  std::vector<std::vector<uint8_t>> parts;
  const EncodedStream s = EncodeSpeech(6, WithoutFec());
  OpusRepacketizer* rp = opus_repacketizer_create();
  for (const auto& p : s.payloads) opus_repacketizer_cat(rp, p.data(), static_cast<opus_int32>(p.size()));
  std::vector<uint8_t> long_packet(3000);
  const int n = opus_repacketizer_out(rp, long_packet.data(), static_cast<opus_int32>(long_packet.size()));
  opus_repacketizer_destroy(rp);
  ASSERT_GT(n, 0);
  long_packet.resize(static_cast<size_t>(n));

  OpusDecoder decoder;
  AudioFrame frame;
  decoder.NextFrame(Packet{long_packet, kBaseTimestamp}, std::nullopt, &frame);
  EXPECT_EQ(decoder.queued_samples(), 5 * kFrame);
  decoder.NextFrame(Packet{long_packet, kBaseTimestamp + 6 * kFrame}, std::nullopt, &frame);
  EXPECT_EQ(decoder.stats().overflows, 1);
  EXPECT_LE(decoder.queued_samples(), OpusDecoder::kQueueCapacity);
}

}  // namespace
}  // namespace softmcu
