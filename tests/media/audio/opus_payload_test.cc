#include "media/audio/opus_payload.h"

#include <gtest/gtest.h>
#include <opus/opus.h>

#include <random>
#include <vector>

#include "tests/media/audio/audio_test_signals.h"

namespace softmcu {
namespace {

using E = OpusPayloadError;

std::vector<uint8_t> Bytes(std::initializer_list<uint8_t> b) {
  return b;
}

// What libopus says of the same bytes: frame count from opus_packet_parse (> 0 when it
// accepts), and the duration from opus_packet_get_nb_samples.
struct LibopusView {
  int frames;
  int samples;
  std::vector<int> sizes;
};
LibopusView AskLibopus(const std::vector<uint8_t>& p) {
  const unsigned char* frames[48];
  opus_int16 sizes[48];
  LibopusView v;
  v.frames = opus_packet_parse(p.data(), static_cast<opus_int32>(p.size()), nullptr, frames, sizes, nullptr);
  v.samples = p.empty() ? -1 : opus_packet_get_nb_samples(p.data(), static_cast<opus_int32>(p.size()), 48000);
  for (int i = 0; i < v.frames; ++i) v.sizes.push_back(sizes[i]);
  return v;
}

// Our parser agrees with libopus: same verdict, and for accepted packets the same
// duration, frame count and frame sizes.
void ExpectAgreesWithLibopus(const std::vector<uint8_t>& p) {
  const LibopusView lib = AskLibopus(p);
  auto ours = OpusPayload::Parse(p);
  ASSERT_EQ(ours.has_value(), lib.frames > 0)
      << "first byte " << (p.empty() ? -1 : p[0]) << " size " << p.size();
  if (!ours) return;
  EXPECT_EQ(ours->samples(), lib.samples);
  ASSERT_EQ(ours->frame_count(), static_cast<size_t>(lib.frames));
  for (size_t i = 0; i < ours->frame_count(); ++i)
    EXPECT_EQ(ours->frame(i).size(), static_cast<size_t>(lib.sizes[i]));
}

TEST(OpusPayload, ParsesCode0SingleFrame) {
  const auto p = Bytes({
      0x08,        // config 1 (SILK NB 20 ms) | s=0 | c=0
      0xaa, 0xbb,  // frame 1
  });
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->config(), 1);
  EXPECT_EQ(v->mode(), OpusMode::kSilk);
  EXPECT_EQ(v->bandwidth(), OpusBandwidth::kNarrow);
  EXPECT_EQ(v->code(), 0);
  EXPECT_EQ(v->frame_count(), 1u);
  EXPECT_EQ(v->samples(), 960);
  ASSERT_EQ(v->frame(0).size(), 2u);
  EXPECT_EQ(v->frame(0)[0], 0xaa);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, AcceptsTocOnlyPacketAsEmptyFrame) {
  const auto p = Bytes({0xfc});  // config 31 (CELT FB 20 ms) | s=1 | c=0: DTX, no frame data
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->stereo());
  EXPECT_EQ(v->mode(), OpusMode::kCelt);
  EXPECT_EQ(v->frame(0).size(), 0u);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesCode1TwoEqualFrames) {
  const auto p = Bytes({
      0x79,                    // config 15 (Hybrid FB 20 ms) | s=0 | c=1
      0x01, 0x02, 0x03, 0x04,  // two frames of 2 bytes
  });
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->mode(), OpusMode::kHybrid);
  EXPECT_EQ(v->bandwidth(), OpusBandwidth::kFull);
  EXPECT_EQ(v->frame_count(), 2u);
  EXPECT_EQ(v->samples(), 1920);
  EXPECT_EQ(v->frame(1)[0], 0x03);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsCode1WithOddLength) {
  const auto p = Bytes({0x79, 0x01, 0x02, 0x03});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kOddCbrLength);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesCode2WithOneByteLength) {
  const auto p = Bytes({
      0x0a,              // config 1 | s=0 | c=2
      0x01,              // N1 = 1
      0xaa,              // frame 1
      0xbb, 0xcc, 0xdd,  // frame 2: the rest
  });
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->vbr());
  EXPECT_EQ(v->frame(0).size(), 1u);
  EXPECT_EQ(v->frame(1).size(), 3u);
  EXPECT_EQ(v->frame(1)[0], 0xbb);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesCode2WithTwoByteLength) {
  std::vector<uint8_t> p = {0x0a, 252, 1};  // N1 = 1×4 + 252 = 256
  p.resize(p.size() + 256 + 10, 0x55);
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->frame(0).size(), 256u);
  EXPECT_EQ(v->frame(1).size(), 10u);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsCode2WithoutLength) {
  EXPECT_EQ(OpusPayload::Parse(Bytes({0x0a})).error(), E::kMissingLength);
  EXPECT_EQ(OpusPayload::Parse(Bytes({0x0a, 0xfd})).error(), E::kMissingLength);  // second byte missing
  ExpectAgreesWithLibopus(Bytes({0x0a}));
  ExpectAgreesWithLibopus(Bytes({0x0a, 0xfd}));
}

TEST(OpusPayload, RejectsCode2FirstFrameLongerThanPacket) {
  const auto p = Bytes({0x0a, 0x05, 0xaa, 0xbb});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kPastEnd);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesCode3Cbr) {
  const auto p = Bytes({
      0x0b,                                // config 1 | s=0 | c=3
      0x03,                                // v=0 p=0 M=3
      0x01, 0x02, 0x03, 0x04, 0x05, 0x06,  // three frames of 2 bytes
  });
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->vbr());
  EXPECT_EQ(v->frame_count(), 3u);
  EXPECT_EQ(v->samples(), 2880);
  EXPECT_EQ(v->frame(2)[0], 0x05);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesCode3VbrWithPadding) {
  const auto p = Bytes({
      0x0b,        // config 1 | c=3
      0xc3,        // v=1 p=1 M=3
      0x02,        // padding length 2
      0x01, 0x02,  // N1 = 1, N2 = 2
      0xa1,        // frame 1
      0xb1, 0xb2,  // frame 2
      0xc1, 0xc2,  // frame 3: the rest before the padding
      0x00, 0x00,  // padding
  });
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->vbr());
  EXPECT_EQ(v->padding_size(), 2u);
  EXPECT_EQ(v->frame(0).size(), 1u);
  EXPECT_EQ(v->frame(1)[1], 0xb2);
  ASSERT_EQ(v->frame(2).size(), 2u);
  EXPECT_EQ(v->frame(2)[0], 0xc1);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, ParsesChainedPaddingLength) {
  std::vector<uint8_t> p = {0x0b, 0x41, 255, 10, 0xaa};  // padding 254 + 10, one frame of 1 byte
  p.resize(p.size() + 264, 0);
  auto v = OpusPayload::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->padding_size(), 264u);
  ASSERT_EQ(v->frame(0).size(), 1u);
  EXPECT_EQ(v->frame(0)[0], 0xaa);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsPaddingPastEnd) {
  const auto p = Bytes({0x0b, 0x41, 0x05, 0xaa});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kPastEnd);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsCode3WithoutFrameCount) {
  EXPECT_EQ(OpusPayload::Parse(Bytes({0x0b})).error(), E::kMissingFrameCount);
  ExpectAgreesWithLibopus(Bytes({0x0b}));
}

TEST(OpusPayload, RejectsCode3WithZeroFrames) {
  EXPECT_EQ(OpusPayload::Parse(Bytes({0x0b, 0x00})).error(), E::kZeroFrames);
  ExpectAgreesWithLibopus(Bytes({0x0b, 0x00}));
}

TEST(OpusPayload, RejectsMoreThan120Milliseconds) {
  // Config 3 is SILK NB 60 ms: three frames are 180 ms.
  const auto p = Bytes({0x1b, 0x03, 0x00, 0x00, 0x00});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kTooLong);
  ExpectAgreesWithLibopus(p);
  // Six 20 ms frames are exactly 120 ms: fine; seven are not.
  EXPECT_TRUE(OpusPayload::Parse(Bytes({0x0b, 0x06})).has_value());
  EXPECT_EQ(OpusPayload::Parse(Bytes({0x0b, 0x07})).error(), E::kTooLong);
}

TEST(OpusPayload, RejectsCode3CbrUnevenSplit) {
  const auto p = Bytes({0x0b, 0x02, 0x01, 0x02, 0x03});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kOddCbrLength);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsCode3VbrLengthsPastEnd) {
  const auto p = Bytes({0x0b, 0x82, 0x09, 0x01, 0x02});
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kPastEnd);
  ExpectAgreesWithLibopus(p);
}

TEST(OpusPayload, RejectsFrameOver1275Bytes) {
  std::vector<uint8_t> p(1 + 1276, 0);
  p[0] = 0x08;
  EXPECT_EQ(OpusPayload::Parse(p).error(), E::kFrameTooLarge);
  ExpectAgreesWithLibopus(p);
  p.pop_back();  // exactly 1275: fine
  EXPECT_TRUE(OpusPayload::Parse(p).has_value());
}

TEST(OpusPayload, RejectsEmptyPayload) {
  EXPECT_EQ(OpusPayload::Parse({}).error(), E::kEmpty);
}

TEST(OpusPayload, TocTablesMatchLibopusForEveryConfig) {
  for (int config = 0; config < 32; ++config) {
    const uint8_t toc = static_cast<uint8_t>(config << 3);
    const auto v = OpusPayload::Parse(std::span(&toc, 1));
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->samples_per_frame(), opus_packet_get_samples_per_frame(&toc, 48000)) << config;
    EXPECT_EQ(static_cast<int>(v->bandwidth()) + OPUS_BANDWIDTH_NARROWBAND, opus_packet_get_bandwidth(&toc))
        << config;
  }
}

TEST(OpusPayload, AgreesWithLibopusOnEncoderOutput) {
  int packets = 0;
  for (int application :
       {OPUS_APPLICATION_VOIP, OPUS_APPLICATION_AUDIO, OPUS_APPLICATION_RESTRICTED_LOWDELAY}) {
    for (int channels : {1, 2}) {
      for (int frame : {120, 240, 480, 960, 1920, 2880}) {
        for (int bitrate : {8000, 24000, 64000, 160000}) {
          int error = 0;
          ::OpusEncoder* enc = opus_encoder_create(48000, channels, application, &error);
          ASSERT_EQ(error, OPUS_OK);
          opus_encoder_ctl(enc, OPUS_SET_BITRATE(bitrate));
          std::vector<int16_t> pcm(static_cast<size_t>(frame * channels));
          std::vector<uint8_t> out(4000);
          for (int i = 0; i < 4; ++i) {
            const AudioFrame source = test::SpeechLikeFrame(i);
            for (size_t n = 0; n < pcm.size(); ++n) pcm[n] = source.samples[(n / channels) % test::kFrame];
            const int bytes =
                opus_encode(enc, pcm.data(), frame, out.data(), static_cast<opus_int32>(out.size()));
            ASSERT_GT(bytes, 0);
            std::vector<uint8_t> p(out.begin(), out.begin() + bytes);
            ExpectAgreesWithLibopus(p);
            ASSERT_EQ(OpusPayload::Parse(p)->samples(), frame);
            // The same packet padded into code 3 form (RFC 6716 §3.2.5).
            std::vector<uint8_t> padded(p);
            padded.resize(p.size() + 300);
            ASSERT_EQ(opus_packet_pad(padded.data(), bytes, static_cast<opus_int32>(padded.size())), OPUS_OK);
            ExpectAgreesWithLibopus(padded);
            packets += 2;
          }
          opus_encoder_destroy(enc);
        }
      }
    }
  }
  EXPECT_EQ(packets, 3 * 2 * 6 * 4 * 4 * 2);
}

TEST(OpusPayload, AgreesWithLibopusOnRandomBytes) {
  std::mt19937 rng(1234);
  int accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    std::vector<uint8_t> p(1 + rng() % 24);
    for (auto& b : p) b = static_cast<uint8_t>(rng());
    // Bias towards code 2/3 and small counts, where the interesting framing lives.
    if (i % 2 == 0) p[0] |= 0x02;
    if (p.size() > 1 && i % 4 == 0) p[1] &= 0xc7;
    ExpectAgreesWithLibopus(p);
    if (::testing::Test::HasFailure()) return;
    accepted += OpusPayload::Parse(p).has_value();
  }
  EXPECT_GT(accepted, 10000);
}

}  // namespace
}  // namespace softmcu
