#include "mixer/video/tile_scaler.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/mixer/video/video_test_frames.h"

namespace softmcu {
namespace {

// One-pixel black and white columns: all detail at the Nyquist frequency, the worst case
// for shrinking. Averaged properly it is a flat mid grey.
void DrawStripes(VideoFrame& frame) {
  testing::FillFrame(frame, {16, 128, 128});
  for (int y = 0; y < frame.height(); ++y)
    for (int x = 1; x < frame.width(); x += 2) frame.mutable_data(Plane::kY)[y * frame.stride(Plane::kY) + x] = 235;
}

double LumaStdDev(const VideoFrame& f, PixelRect r) {
  double sum = 0, sum2 = 0;
  for (int y = r.y; y < r.bottom(); ++y) {
    for (int x = r.x; x < r.right(); ++x) {
      const double v = testing::LumaAt(f, x, y);
      sum += v;
      sum2 += v * v;
    }
  }
  const double n = static_cast<double>(r.width) * r.height;
  return std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n)));
}

TEST(TileScaler, HalvingFirstAveragesDetailThatBilinearAliases) {
  VideoFrame source(1280, 720);
  DrawStripes(source);
  const PixelRect tile{0, 0, 426, 240};  // a 3x3 tile: 3x smaller
  VideoFrame with(1280, 720), without(1280, 720);
  TileScaler halving(ScalePolicy{});
  halving.Scale(source.view(), with.mutable_view(), tile);
  TileScaler direct({ScaleFilter::kLibyuvBilinear, Prefilter::kNone});
  direct.Scale(source.view(), without.mutable_view(), tile);
  EXPECT_EQ(halving.halvings(), 1u);
  EXPECT_EQ(direct.halvings(), 0u);
  EXPECT_LT(LumaStdDev(with, tile), 3.0);      // flat grey, as it should be
  EXPECT_GT(LumaStdDev(without, tile), 20.0);  // moiré: what the prefilter is for
  EXPECT_NEAR(testing::LumaAt(with, 200, 100), (16 + 235) / 2, 3);
}

TEST(TileScaler, HalvesUntilAtMostTwiceTheTileRemains) {
  VideoFrame source(1920, 1080);
  DrawStripes(source);
  VideoFrame canvas(640, 360);
  TileScaler scaler(ScalePolicy{});
  scaler.Scale(source.view(), canvas.mutable_view(), {0, 0, 128, 72});  // 15x: 960, 480, 240
  EXPECT_EQ(scaler.halvings(), 3u);
  scaler.Scale(source.view(), canvas.mutable_view(), {0, 0, 640, 360});  // 3x: 960
  EXPECT_EQ(scaler.halvings(), 4u);
  VideoFrame tiny(3, 3);  // too small to halve: scaled directly
  testing::FillFrame(tiny, {50, 128, 128});
  scaler.Scale(tiny.view(), canvas.mutable_view(), {0, 0, 2, 2});
  EXPECT_EQ(scaler.halvings(), 4u);
}

TEST(TileScaler, UpscalingAndMildShrinkingAreOnePass) {
  VideoFrame source(640, 360);
  testing::FillFrame(source, {90, 100, 150});
  VideoFrame canvas(1920, 1080);
  TileScaler scaler(ScalePolicy{});
  scaler.Scale(source.view(), canvas.mutable_view(), {0, 0, 1920, 1080});
  scaler.Scale(source.view(), canvas.mutable_view(), {0, 0, 330, 186});
  EXPECT_EQ(scaler.halvings(), 0u);
  EXPECT_EQ(testing::LumaAt(canvas, 1000, 1000), 90);
  EXPECT_EQ(testing::ChromaAt(canvas, Plane::kV, 100, 100), 150);
}

}  // namespace
}  // namespace softmcu
