#include "media/video/video_scaler.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "media/video/test_pattern.h"
#include "media/video/video_quality.h"

namespace softmcu {
namespace {

constexpr uint8_t kSentinel = 5;  // outside every source picture's range

constexpr ScaleFilter kAllFilters[] = {ScaleFilter::kSwscaleFastBilinear, ScaleFilter::kSwscaleBilinear,
                                       ScaleFilter::kSwscaleLanczos, ScaleFilter::kLibyuvBilinear,
                                       ScaleFilter::kLibyuvBox};

void Fill(VideoFrame& frame, uint8_t value) {
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const int rows = p == Plane::kY ? frame.height() : frame.chroma_height();
    for (int y = 0; y < rows; ++y)
      std::fill_n(frame.mutable_data(p) + y * frame.stride(p), frame.stride(p), value);
  }
}

// A smooth picture: low-frequency sinusoids, no edges.
void DrawSmooth(VideoFrame& frame) {
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const bool luma = p == Plane::kY;
    const int w = luma ? frame.width() : frame.chroma_width();
    const int h = luma ? frame.height() : frame.chroma_height();
    const double scale = luma ? 1.0 : 2.0;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const double v = 128 + 60 * std::sin(x * scale * 0.02 + (luma ? 0 : 1)) * std::cos(y * scale * 0.015);
        frame.mutable_data(p)[y * frame.stride(p) + x] = static_cast<uint8_t>(v);
      }
    }
  }
}

// Counts samples outside the allowed region that differ from the sentinel, over the
// whole stride (padding columns included).
int WritesOutside(const VideoFrame& frame, PixelRect rect) {
  int outside = 0;
  for (int y = 0; y < frame.height(); ++y) {
    for (int x = 0; x < frame.stride(Plane::kY); ++x) {
      const bool inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      if (!inside && frame.data(Plane::kY)[y * frame.stride(Plane::kY) + x] != kSentinel) ++outside;
    }
  }
  // Chroma: only samples whose 2x2 luma block is wholly inside may change.
  const int cx0 = (rect.x + 1) / 2, cy0 = (rect.y + 1) / 2;
  const int cx1 = (rect.x + rect.width) / 2, cy1 = (rect.y + rect.height) / 2;
  for (Plane p : {Plane::kU, Plane::kV}) {
    for (int y = 0; y < frame.chroma_height(); ++y) {
      for (int x = 0; x < frame.stride(p); ++x) {
        const bool inside = x >= cx0 && x < cx1 && y >= cy0 && y < cy1;
        if (!inside && frame.data(p)[y * frame.stride(p) + x] != kSentinel) ++outside;
      }
    }
  }
  return outside;
}

// Every sample inside the rectangle was written (the sentinel does not occur in the source).
int UnwrittenInside(const VideoFrame& frame, PixelRect rect) {
  int unwritten = 0;
  for (int y = rect.y; y < rect.y + rect.height; ++y) {
    for (int x = rect.x; x < rect.x + rect.width; ++x) {
      if (frame.data(Plane::kY)[y * frame.stride(Plane::kY) + x] == kSentinel) ++unwritten;
    }
  }
  return unwritten;
}

class VideoScalerFilterTest : public ::testing::TestWithParam<ScaleFilter> {};

TEST_P(VideoScalerFilterTest, WritesExactlyTheRectangle) {
  VideoFrame source(1280, 720);
  DrawSmooth(source);
  VideoScaler scaler(GetParam());
  const PixelRect rects[] = {
      {0, 0, 426, 240}, {427, 241, 426, 240}, {853, 479, 427, 241}, {101, 33, 333, 177}};
  for (const PixelRect& rect : rects) {
    VideoFrame canvas(1280, 720);
    Fill(canvas, kSentinel);
    scaler.Scale(source, canvas, rect);
    EXPECT_EQ(WritesOutside(canvas, rect), 0)
        << rect.x << "," << rect.y << " " << rect.width << "x" << rect.height;
    EXPECT_EQ(UnwrittenInside(canvas, rect), 0) << rect.x << "," << rect.y;
  }
}

TEST_P(VideoScalerFilterTest, OddSizesAndPositionsStayInside) {
  VideoFrame source(641, 359);
  DrawSmooth(source);
  VideoScaler scaler(GetParam());
  for (int w : {1, 2, 3, 7, 17, 99}) {
    for (int h : {1, 2, 5, 31}) {
      for (int x : {0, 1, 120 - w}) {
        VideoFrame canvas(121, 67);
        Fill(canvas, kSentinel);
        const PixelRect rect{x, 67 - h, w, h};  // touching the canvas's bottom edge
        scaler.Scale(source, canvas, rect);
        ASSERT_EQ(WritesOutside(canvas, rect), 0) << x << " " << w << "x" << h;
      }
    }
  }
}

TEST_P(VideoScalerFilterTest, TinySourceAndRectanglesDoNotCrash) {
  VideoFrame tiny(1, 1);
  Fill(tiny, 90);
  VideoFrame canvas(64, 64);
  Fill(canvas, kSentinel);
  VideoScaler scaler(GetParam());
  scaler.Scale(tiny, canvas, {5, 5, 1, 1});
  scaler.Scale(tiny, canvas, {10, 10, 40, 30});
  scaler.Scale(canvas, tiny, {0, 0, 1, 1});
  scaler.Scale(canvas, canvas, {0, 0, 0, 0});  // empty: a no-op
  EXPECT_EQ(canvas.data(Plane::kY)[5 * canvas.stride(Plane::kY) + 5], 90);
}

TEST_P(VideoScalerFilterTest, StampSurvivesDownscaleIntoATile) {
  VideoFrame source(1280, 720);
  DrawTestPattern(source.mutable_view(), 7, 1234);
  VideoFrame canvas(1280, 720);
  Fill(canvas, kSentinel);
  VideoScaler scaler(GetParam());
  const PixelRect rect{428, 240, 426, 240};
  scaler.Scale(source, canvas, rect);
  I420View tile = canvas.view();
  tile.data[0] += rect.y * tile.stride[0] + rect.x;
  tile.width = rect.width;
  tile.height = rect.height;
  auto stamp = ReadTestPatternStamp(tile);
  ASSERT_TRUE(stamp.has_value());
  EXPECT_EQ(stamp->source_id, 7u);
  EXPECT_EQ(stamp->frame_index, 1234u);
}

INSTANTIATE_TEST_SUITE_P(AllFilters, VideoScalerFilterTest, ::testing::ValuesIn(kAllFilters),
                         [](const auto& info) {
                           std::string name = ToString(info.param);
                           std::erase(name, '-');
                           return name;
                         });

TEST(VideoScalerTest, BackendsAgreeOnASmoothImage) {
  VideoFrame source(1280, 720);
  DrawSmooth(source);
  VideoFrame reference(640, 360);
  VideoScaler(ScaleFilter::kLibyuvBox).Scale(source, reference, {0, 0, 640, 360});
  for (ScaleFilter filter : kAllFilters) {
    VideoFrame out(640, 360);
    VideoScaler(filter).Scale(source, out, {0, 0, 640, 360});
    EXPECT_GT(I420Psnr(out.view(), reference.view()), 30.0) << ToString(filter);
  }
}

TEST(VideoScalerTest, UpscaleOfSmoothImageIsClose) {
  VideoFrame source(320, 180);
  DrawSmooth(source);
  VideoFrame a(1280, 720);
  VideoFrame b(1280, 720);
  VideoScaler(ScaleFilter::kSwscaleFastBilinear).Scale(source, a, {0, 0, 1280, 720});
  VideoScaler(ScaleFilter::kLibyuvBilinear).Scale(source, b, {0, 0, 1280, 720});
  EXPECT_GT(I420Psnr(a.view(), b.view()), 30.0);
}

TEST(VideoScalerTest, SameSizeIsNearlyACopy) {
  VideoFrame source(320, 180);
  DrawSmooth(source);
  for (ScaleFilter filter : kAllFilters) {
    VideoFrame out(320, 180);
    VideoScaler(filter).Scale(source, out, {0, 0, 320, 180});
    EXPECT_GT(I420Psnr(out.view(), source.view()), 45.0) << ToString(filter);
  }
}

}  // namespace
}  // namespace softmcu
