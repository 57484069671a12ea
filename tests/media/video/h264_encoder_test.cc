#include "media/video/h264_encoder.h"

#include <gtest/gtest.h>

#include "media/h264/h264_bit_reader.h"
#include "tests/media/video/video_test_util.h"

namespace softmcu {
namespace {

using testing::MakePatternFrame;
using testing::NalType;
using testing::SplitAnnexB;

constexpr int kNalIdr = 5;
constexpr int kNalSps = 7;
constexpr int kNalPps = 8;

H264EncoderOptions Options720p() {
  H264EncoderOptions options;
  options.width = 1280;
  options.height = 720;
  options.target_bitrate = DataRate::KilobitsPerSec(2000);
  return options;
}

std::unique_ptr<H264Encoder> MakeEncoder(const H264EncoderOptions& options) {
  auto encoder = H264Encoder::Create(options);
  EXPECT_TRUE(encoder.has_value()) << encoder.error().message;
  return std::move(*encoder);
}

bool HasNalType(std::span<const uint8_t> au, int type) {
  for (auto nal : SplitAnnexB(au)) {
    if (NalType(nal) == type) return true;
  }
  return false;
}

TEST(H264EncoderTest, FirstFrameIsIdrWithParameterSets) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, 0));
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(encoded->keyframe);
  EXPECT_FALSE(encoded->skipped);
  EXPECT_TRUE(HasNalType(encoded->data, kNalSps));
  EXPECT_TRUE(HasNalType(encoded->data, kNalPps));
  EXPECT_TRUE(HasNalType(encoded->data, kNalIdr));
}

TEST(H264EncoderTest, SpsIsConstrainedBaselineAtLevel31For720p) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, 0));
  ASSERT_TRUE(encoded.has_value());
  bool found = false;
  for (auto nal : SplitAnnexB(encoded->data)) {
    if (NalType(nal) != kNalSps) continue;
    ASSERT_GE(nal.size(), 4u);
    EXPECT_EQ(nal[1], 66);        // profile_idc: baseline
    EXPECT_NE(nal[2] & 0x40, 0);  // constraint_set1_flag: constrained baseline
    EXPECT_EQ(nal[3], 31);        // level_idc
    found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(encoder->level_idc(), 31);
}

TEST(H264EncoderTest, LevelFollowsResolution) {
  EXPECT_EQ(H264LevelFor(1280, 720, 30, DataRate::KilobitsPerSec(2500)), 31);
  EXPECT_EQ(H264LevelFor(1920, 1080, 30, DataRate::KilobitsPerSec(4000)), 40);
  EXPECT_EQ(H264LevelFor(640, 360, 30, DataRate::KilobitsPerSec(1000)), 30);
}

TEST(H264EncoderTest, LongGopHasNoIdrUntilRequested) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  for (uint64_t i = 0; i < 12; ++i) {
    auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, i));
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->keyframe, i == 0) << "frame " << i;
    if (i > 0) {
      EXPECT_FALSE(HasNalType(encoded->data, kNalIdr)) << "frame " << i;
    }
  }
}

TEST(H264EncoderTest, RequestKeyframeProducesIdr) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  for (uint64_t i = 0; i < 4; ++i) ASSERT_TRUE(encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, i)));
  encoder->RequestKeyframe();
  auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, 4));
  ASSERT_TRUE(encoded.has_value());
  EXPECT_TRUE(encoded->keyframe);
  EXPECT_TRUE(HasNalType(encoded->data, kNalIdr));
  EXPECT_TRUE(HasNalType(encoded->data, kNalSps));
  auto next = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, 5));
  ASSERT_TRUE(next.has_value());
  EXPECT_FALSE(next->keyframe);
}

TEST(H264EncoderTest, MostNalUnitsFitTheSliceSizeLimit) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  int total = 0;
  int over = 0;
  int slices = 0;
  for (uint64_t i = 0; i < 10; ++i) {
    auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, i, PatternTexture::kTextured));
    ASSERT_TRUE(encoded.has_value());
    for (auto nal : SplitAnnexB(encoded->data)) {
      ++total;
      if (NalType(nal) == 1 || NalType(nal) == kNalIdr) ++slices;
      if (nal.size() > 1200) ++over;
    }
  }
  EXPECT_GT(slices, 10);  // the IDR alone needs many slices at this size
  EXPECT_LE(over * 20, total) << over << " of " << total << " NAL units exceed 1200 bytes";
}

TEST(H264EncoderTest, BitrateChangesAtRunTime) {
  H264EncoderOptions options = Options720p();
  options.width = 640;
  options.height = 360;
  options.target_bitrate = DataRate::KilobitsPerSec(1000);
  auto encoder = MakeEncoder(options);
  VideoFramePool pool;
  auto bytes_over = [&](uint64_t first, int frames) {
    size_t bytes = 0;
    for (int i = 0; i < frames; ++i) {
      auto encoded =
          encoder->Encode(*MakePatternFrame(pool, 640, 360, 1, first + i, PatternTexture::kTextured));
      EXPECT_TRUE(encoded.has_value());
      if (encoded) bytes += encoded->data.size();
    }
    return bytes;
  };
  bytes_over(0, 10);  // the IDR and rate control settling
  const size_t at_1m = bytes_over(10, 15);
  ASSERT_TRUE(encoder->SetBitrate(DataRate::KilobitsPerSec(250)).has_value());
  EXPECT_EQ(encoder->target_bitrate(), DataRate::KilobitsPerSec(250));
  bytes_over(25, 10);
  const size_t at_250k = bytes_over(35, 15);
  // This picture needs ~400 kbps at 1 Mbps; once lowered, 15 frames (0.5 s) must stay near
  // 250 kbps x 0.5 s = 15,625 bytes.
  EXPECT_LT(at_250k, at_1m);
  EXPECT_LT(static_cast<double>(at_250k), 1.3 * 15625)
      << at_250k << " bytes at 250 kbps vs " << at_1m << " at 1 Mbps";
}

TEST(H264EncoderTest, FrameOfWrongSizeIsAnError) {
  auto encoder = MakeEncoder(Options720p());
  VideoFramePool pool;
  auto encoded = encoder->Encode(*MakePatternFrame(pool, 640, 360, 1, 0));
  ASSERT_FALSE(encoded.has_value());
  EXPECT_EQ(encoded.error().code, ErrorCode::kInvalidArgument);
}

TEST(H264EncoderTest, OddSizeIsRejectedAtCreation) {
  H264EncoderOptions options = Options720p();
  options.width = 641;
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
}

// The options the load generator's material needs (issue 8).

std::vector<uint32_t> FirstMbOfEachSlice(std::span<const uint8_t> au) {
  std::vector<uint32_t> first;
  for (auto nal : SplitAnnexB(au)) {
    const int type = NalType(nal);
    if (type != 1 && type != 5) continue;
    H264BitReader r(nal.subspan(1));
    first.push_back(*r.ReadUe());
  }
  return first;
}

TEST(H264EncoderTest, RowSlicesCutThePictureAtTheGivenRows) {
  H264EncoderOptions options = Options720p();
  options.slice_mode = H264EncoderOptions::SliceMode::kRows;
  options.slice_rows = {8, 10};  // 45 rows: 8, 10, 10, 10, 7
  auto encoder = MakeEncoder(options);
  VideoFramePool pool;
  for (uint64_t i = 0; i < 2; ++i) {
    auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, i));
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(FirstMbOfEachSlice(encoded->data), (std::vector<uint32_t>{0, 8 * 80, 18 * 80, 28 * 80, 38 * 80}));
  }
}

TEST(H264EncoderTest, RowSlicesBeyondTheLimitAreRejected) {
  H264EncoderOptions options = Options720p();
  options.slice_mode = H264EncoderOptions::SliceMode::kRows;
  options.slice_rows = {1};  // 45 slices > 35
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
  options.slice_rows = {};
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
  options.slice_rows = {4, 0};
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
}

TEST(H264EncoderTest, IdrsComeExactlyAtTheIntervalWithoutSceneChangeDetection) {
  H264EncoderOptions options = Options720p();
  options.idr_interval = 10;
  options.scene_change_detection = false;
  auto encoder = MakeEncoder(options);
  VideoFramePool pool;
  for (uint64_t i = 0; i < 25; ++i) {
    // Every 7th frame shows another source: a scene change the encoder must not act on.
    auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, i % 7 == 6 ? 9 : 1, i * 3));
    ASSERT_TRUE(encoded.has_value());
    EXPECT_EQ(encoded->keyframe, i % 10 == 0) << "frame " << i;
  }
}

TEST(H264EncoderTest, ConstantQpKeepsPFramesSteadyAndQpOutOfRangeIsRejected) {
  H264EncoderOptions options = Options720p();
  options.constant_qp = 30;
  auto encoder = MakeEncoder(options);
  VideoFramePool pool;
  size_t smallest = SIZE_MAX, largest = 0;
  for (uint64_t i = 0; i < 12; ++i) {
    auto encoded = encoder->Encode(*MakePatternFrame(pool, 1280, 720, 1, i, PatternTexture::kTextured));
    ASSERT_TRUE(encoded.has_value());
    if (i < 2) continue;  // the IDR and the first P frame after it
    smallest = std::min(smallest, encoded->data.size());
    largest = std::max(largest, encoded->data.size());
  }
  EXPECT_LT(largest, 3 * smallest) << smallest << ".." << largest;
  options.constant_qp = 52;
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
  options.constant_qp = 0;
  options.min_qp = 40;
  options.max_qp = 20;
  EXPECT_FALSE(H264Encoder::Create(options).has_value());
}

}  // namespace
}  // namespace softmcu
