#include "media/video/h264_decoder.h"

#include <gtest/gtest.h>

#include <vector>

#include "media/video/h264_encoder.h"
#include "media/video/video_quality.h"
#include "tests/media/video/video_test_util.h"

namespace softmcu {
namespace {

using testing::MakePatternFrame;

// An encoded sequence: the source frames and their access units (copied out of the encoder).
struct Encoded {
  std::vector<SharedVideoFrame> sources;
  std::vector<std::vector<uint8_t>> units;
};

Encoded EncodeSequence(int width, int height, uint64_t first, int frames, uint32_t source_id = 1,
                       DataRate rate = DataRate::KilobitsPerSec(2000)) {
  H264EncoderOptions options;
  options.width = width;
  options.height = height;
  options.target_bitrate = rate;
  auto encoder = H264Encoder::Create(options);
  EXPECT_TRUE(encoder.has_value());
  VideoFramePool pool({.max_frames_per_size = 64, .max_sizes = 1});
  Encoded out;
  for (int i = 0; i < frames; ++i) {
    SharedVideoFrame source = MakePatternFrame(pool, width, height, source_id, first + i);
    auto au = (*encoder)->Encode(*source);
    EXPECT_TRUE(au.has_value());
    out.units.emplace_back(au->data.begin(), au->data.end());
    out.sources.push_back(std::move(source));
  }
  return out;
}

std::unique_ptr<H264Decoder> MakeDecoder(H264DecoderOptions options = {}) {
  auto decoder = H264Decoder::Create(options);
  EXPECT_TRUE(decoder.has_value());
  return std::move(*decoder);
}

// Decodes every unit, expecting a picture for each; returns them.
std::vector<SharedVideoFrame> DecodeAll(H264Decoder& decoder, const Encoded& encoded) {
  std::vector<SharedVideoFrame> pictures;
  for (size_t i = 0; i < encoded.units.size(); ++i) {
    auto decoded = decoder.Decode(encoded.units[i], encoded.sources[i]->pts());
    EXPECT_TRUE(decoded.has_value()) << "unit " << i << ": " << decoded.error().message;
    if (decoded && *decoded) pictures.push_back(std::move(**decoded));
  }
  return pictures;
}

// 720p at 2 Mbps, 30 frames: the encoder->decoder round trip keeps the picture.
class H264RoundTripTest : public ::testing::Test {
 protected:
  // Encoded once for the suite: encoding dominates the tests' run time under ASan.
  static void SetUpTestSuite() { encoded_ = std::make_unique<Encoded>(EncodeSequence(1280, 720, 0, 30)); }
  static void TearDownTestSuite() { encoded_.reset(); }
  static std::unique_ptr<Encoded> encoded_;
};
std::unique_ptr<Encoded> H264RoundTripTest::encoded_;

TEST_F(H264RoundTripTest, DecodedLumaPsnrIsAtLeast35Db) {
  auto decoder = MakeDecoder();
  auto pictures = DecodeAll(*decoder, *encoded_);
  ASSERT_EQ(pictures.size(), encoded_->units.size());
  double mse = 0;
  int counted = 0;
  for (size_t i = 5; i < pictures.size(); ++i) {  // past the rate control's first frames
    const auto& a = *pictures[i];
    const auto& b = *encoded_->sources[i];
    mse += PlaneMse(a.data(Plane::kY), a.stride(Plane::kY), b.data(Plane::kY), b.stride(Plane::kY), a.width(),
                    a.height());
    ++counted;
  }
  const double psnr = PsnrFromMse(mse / counted);
  EXPECT_GE(psnr, 35.0);
}

TEST_F(H264RoundTripTest, DecodedFramesCarryPtsSourceIdIndexAndStamp) {
  H264DecoderOptions options;
  options.source_id = 42;
  auto decoder = MakeDecoder(options);
  auto pictures = DecodeAll(*decoder, *encoded_);
  ASSERT_EQ(pictures.size(), encoded_->units.size());
  for (size_t i = 0; i < pictures.size(); ++i) {
    EXPECT_EQ(pictures[i]->pts(), encoded_->sources[i]->pts());
    EXPECT_EQ(pictures[i]->source_id(), 42u);
    EXPECT_EQ(pictures[i]->frame_index(), i);
    auto stamp = ReadTestPatternStamp(pictures[i]->view());
    ASSERT_TRUE(stamp.has_value()) << "frame " << i;
    EXPECT_EQ(stamp->frame_index, i);
    EXPECT_EQ(stamp->source_id, 1u);
  }
}

TEST_F(H264RoundTripTest, DirectDecodeIsZeroCopyAndMatchesCopyMode) {
  auto direct = MakeDecoder();
  H264DecoderOptions copy_options;
  copy_options.buffer_mode = H264DecoderOptions::BufferMode::kCopy;
  auto copying = MakeDecoder(copy_options);
  auto a = DecodeAll(*direct, *encoded_);
  auto b = DecodeAll(*copying, *encoded_);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(I420Psnr(a[i]->view(), b[i]->view()), kIdenticalPsnr);
  EXPECT_EQ(direct->stats().copied, 0u);
  EXPECT_EQ(copying->stats().copied, a.size());
}

TEST_F(H264RoundTripTest, FramesOutliveTheDecoder) {
  std::vector<SharedVideoFrame> pictures;
  {
    auto decoder = MakeDecoder();
    pictures = DecodeAll(*decoder, *encoded_);
  }
  ASSERT_FALSE(pictures.empty());
  EXPECT_GT(LumaPsnr(pictures.back()->view(), encoded_->sources.back()->view()), 30.0);
}

TEST_F(H264RoundTripTest, GarbageIsAnErrorAndNextIdrDecodes) {
  auto decoder = MakeDecoder();
  DecodeAll(*decoder, Encoded{{encoded_->sources.begin(), encoded_->sources.begin() + 3},
                              {encoded_->units.begin(), encoded_->units.begin() + 3}});
  std::vector<uint8_t> garbage(3000);
  uint32_t x = 12345;
  for (auto& byte : garbage) {
    x = x * 1103515245u + 12345u;
    byte = static_cast<uint8_t>(x >> 24);
  }
  garbage[0] = 0, garbage[1] = 0, garbage[2] = 0, garbage[3] = 1, garbage[4] = 0x65;  // "IDR slice"
  auto bad = decoder->Decode(garbage, TimeDelta::Millis(100));
  EXPECT_FALSE(bad.has_value());
  EXPECT_EQ(decoder->stats().errors, 1u);
  EXPECT_TRUE(decoder->keyframe_needed());

  // A fresh IDR from a new encoder (same size) recovers the stream.
  Encoded fresh = EncodeSequence(1280, 720, 100, 2);
  auto good = decoder->Decode(fresh.units[0], fresh.sources[0]->pts());
  ASSERT_TRUE(good.has_value()) << good.error().message;
  ASSERT_TRUE(good->has_value());
  EXPECT_FALSE(decoder->keyframe_needed());
  EXPECT_GT(LumaPsnr((**good)->view(), fresh.sources[0]->view()), 30.0);
}

TEST_F(H264RoundTripTest, TruncatedIdrIsAnErrorAndNextIdrDecodes) {
  auto decoder = MakeDecoder();
  std::vector<uint8_t> truncated(encoded_->units[0].begin(),
                                 encoded_->units[0].begin() + encoded_->units[0].size() / 2);
  auto bad = decoder->Decode(truncated, TimeDelta::Zero());
  EXPECT_FALSE(bad.has_value() && bad->has_value()) << "a half IDR gave a picture";
  EXPECT_TRUE(decoder->keyframe_needed());
  auto good = decoder->Decode(encoded_->units[0], TimeDelta::Zero());
  ASSERT_TRUE(good.has_value()) << good.error().message;
  ASSERT_TRUE(good->has_value());
  EXPECT_GT(LumaPsnr((**good)->view(), encoded_->sources[0]->view()), 30.0);
}

TEST_F(H264RoundTripTest, EmptyAccessUnitIsAnError) {
  auto decoder = MakeDecoder();
  auto result = decoder->Decode({}, TimeDelta::Zero());
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(H264RoundTripTest, ErrorInOneDecoderLeavesAnotherUntouched) {
  auto broken = MakeDecoder();
  auto healthy = MakeDecoder();
  std::vector<uint8_t> garbage(500, 0xff);
  garbage[0] = 0, garbage[1] = 0, garbage[2] = 1, garbage[3] = 0x67;  // "SPS" of nonsense
  for (size_t i = 0; i < 10; ++i) {
    (void)broken->Decode(garbage, TimeDelta::Zero());
    auto ok = healthy->Decode(encoded_->units[i], encoded_->sources[i]->pts());
    ASSERT_TRUE(ok.has_value()) << ok.error().message;
    ASSERT_TRUE(ok->has_value());
    EXPECT_GT(LumaPsnr((**ok)->view(), encoded_->sources[i]->view()), 30.0);
  }
  EXPECT_EQ(healthy->stats().errors, 0u);
  EXPECT_EQ(healthy->stats().frames, 10u);
}

TEST(H264DecoderTest, ResolutionChangeMidStreamIsDecoded) {
  auto decoder = MakeDecoder();
  Encoded big = EncodeSequence(1280, 720, 0, 4);
  Encoded small = EncodeSequence(640, 360, 4, 4);
  auto first = DecodeAll(*decoder, big);
  auto second = DecodeAll(*decoder, small);
  ASSERT_EQ(first.size(), 4u);
  ASSERT_EQ(second.size(), 4u);
  EXPECT_EQ(first.back()->width(), 1280);
  EXPECT_EQ(second.front()->width(), 640);
  EXPECT_EQ(second.front()->height(), 360);
  EXPECT_GT(LumaPsnr(second.back()->view(), small.sources.back()->view()), 30.0);
  EXPECT_EQ(decoder->stats().size_changes, 1u);
}

TEST(H264DecoderTest, OddCroppedSizeDecodes) {
  // 1080-line pictures are coded as 1088 lines and cropped: the SPS crop path.
  auto decoder = MakeDecoder();
  Encoded encoded = EncodeSequence(480, 270, 0, 3);
  auto pictures = DecodeAll(*decoder, encoded);
  ASSERT_EQ(pictures.size(), 3u);
  EXPECT_EQ(pictures[0]->height(), 270);
  EXPECT_GT(LumaPsnr(pictures.back()->view(), encoded.sources.back()->view()), 30.0);
}

}  // namespace
}  // namespace softmcu
