#include "mixer/video/paint.h"

#include <gtest/gtest.h>

#include "mixer/video/label_renderer.h"
#include "tests/mixer/video/video_test_frames.h"

namespace softmcu {
namespace {

using testing::ChromaAt;
using testing::LumaAt;

constexpr YuvColor kGrey{100, 128, 128};
constexpr YuvColor kRed{81, 90, 240};

class PaintTest : public ::testing::Test {
 protected:
  PaintTest() : frame_(64, 48) {
    testing::FillGuard(frame_);
    testing::FillFrame(frame_, kGrey);
  }
  VideoFrame frame_;
};

TEST_F(PaintTest, FillRectWritesExactlyTheRectangle) {
  FillRect(frame_.mutable_view(), {10, 4, 20, 8}, kRed);
  EXPECT_EQ(LumaAt(frame_, 10, 4), kRed.y);
  EXPECT_EQ(LumaAt(frame_, 29, 11), kRed.y);
  EXPECT_EQ(LumaAt(frame_, 9, 4), kGrey.y);
  EXPECT_EQ(LumaAt(frame_, 30, 4), kGrey.y);
  EXPECT_EQ(LumaAt(frame_, 10, 12), kGrey.y);
  EXPECT_EQ(ChromaAt(frame_, Plane::kV, 10, 4), kRed.v);
  EXPECT_EQ(ChromaAt(frame_, Plane::kV, 8, 4), kGrey.v);
  EXPECT_EQ(testing::CountLuma(frame_, {0, 0, 64, 48}, kRed.y), 20 * 8);
}

TEST_F(PaintTest, EveryPrimitiveClipsToTheCanvas) {
  const PixelRect huge{-1000, -1000, 5000, 5000};
  const I420MutableView v = frame_.mutable_view();
  FillRect(v, huge, kRed);
  DrawLumaEdges(v, huge, 3000, 200, kAllEdges);
  DrawFrame(v, huge, 3000, kRed);
  DimRect(v, huge, 100, 100);
  BlendRect(v, huge, kRed, 128);
  FillRect(v, {60, 44, 100, 100}, kRed);
  CopyRect(frame_.view(), v, huge);
  LabelBitmap mask{.width = 300, .height = 300, .baseline = 200, .alpha = std::vector<uint8_t>(90000, 255)};
  BlendMask(v, mask, -100, -100, huge, kRed);
  EXPECT_EQ(testing::GuardBytesChanged(frame_), 0u);
}

TEST_F(PaintTest, BlendMaskStaysInsideItsClip) {
  LabelBitmap mask{.width = 40, .height = 20, .baseline = 15, .alpha = std::vector<uint8_t>(800, 255)};
  const PixelRect clip{16, 8, 16, 16};
  BlendMask(frame_.mutable_view(), mask, 8, 4, clip, kRed);
  EXPECT_EQ(testing::CountLuma(frame_, clip, kRed.y), 16 * 16);
  EXPECT_EQ(testing::CountLuma(frame_, {0, 0, 64, 48}, kRed.y), 16 * 16);
}

TEST_F(PaintTest, OpaqueMaskPixelsTakeTheColourAndClearOnesKeepTheCanvas) {
  LabelBitmap mask{.width = 4, .height = 2, .baseline = 2, .alpha = {255, 0, 128, 255, 0, 0, 0, 0}};
  BlendMask(frame_.mutable_view(), mask, 20, 20, {0, 0, 64, 48}, kRed);
  EXPECT_EQ(LumaAt(frame_, 20, 20), kRed.y);
  EXPECT_EQ(LumaAt(frame_, 21, 20), kGrey.y);
  EXPECT_EQ(LumaAt(frame_, 22, 20), (kGrey.y * 127 + kRed.y * 128 + 127) / 255);
}

TEST_F(PaintTest, LumaEdgesOnlyOnTheSidesAsked) {
  DrawLumaEdges(frame_.mutable_view(), {8, 8, 20, 20}, 1, 16, kEdgeRight | kEdgeBottom);
  EXPECT_EQ(LumaAt(frame_, 27, 15), 16);
  EXPECT_EQ(LumaAt(frame_, 15, 27), 16);
  EXPECT_EQ(LumaAt(frame_, 8, 15), kGrey.y);
  EXPECT_EQ(LumaAt(frame_, 15, 8), kGrey.y);
  EXPECT_EQ(ChromaAt(frame_, Plane::kU, 27, 15), kGrey.u);  // luma only
}

TEST_F(PaintTest, DimKeepsTheGivenShareOfBrightnessAndColour) {
  FillRect(frame_.mutable_view(), {0, 0, 64, 48}, {216, 178, 78});
  DimRect(frame_.mutable_view(), {0, 0, 64, 48}, 128, 64);
  EXPECT_EQ(LumaAt(frame_, 5, 5), 16 + 100);
  EXPECT_EQ(ChromaAt(frame_, Plane::kU, 5, 5), 128 + 12);
  EXPECT_EQ(ChromaAt(frame_, Plane::kV, 5, 5), 128 - 13);  // arithmetic shift rounds down
}

TEST(Paint, RgbConversionIsBt601StudioRange) {
  EXPECT_EQ(YuvFromRgb(0, 0, 0), (YuvColor{16, 128, 128}));
  EXPECT_EQ(YuvFromRgb(255, 255, 255), (YuvColor{235, 128, 128}));
  EXPECT_EQ(YuvFromRgb(255, 191, 0), (YuvColor{178, 35, 170}));  // the highlight amber
}

TEST(Paint, IntersectOfDisjointRectsIsEmpty) {
  EXPECT_TRUE(Intersect({0, 0, 10, 10}, {10, 0, 5, 5}).empty());
  EXPECT_EQ(Intersect({0, 0, 10, 10}, {5, 5, 10, 10}), (PixelRect{5, 5, 5, 5}));
}

}  // namespace
}  // namespace softmcu
