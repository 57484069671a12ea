#include "media/video/test_pattern.h"

#include <gtest/gtest.h>

#include "media/video/video_frame.h"

namespace softmcu {
namespace {

TEST(TestPatternTest, StampReadsBackSourceAndIndex) {
  VideoFrame frame(640, 360);
  DrawTestPattern(frame.mutable_view(), 0xabc, 0x12345);
  auto stamp = ReadTestPatternStamp(frame.view());
  ASSERT_TRUE(stamp.has_value());
  EXPECT_EQ(stamp->source_id, 0xabcu);
  EXPECT_EQ(stamp->frame_index, 0x12345u);
}

TEST(TestPatternTest, ConsecutiveFramesDiffer) {
  VideoFrame a(320, 180);
  VideoFrame b(320, 180);
  DrawTestPattern(a.mutable_view(), 1, 10);
  DrawTestPattern(b.mutable_view(), 1, 11);
  int differing = 0;
  for (int y = 20; y < 180; ++y) {
    for (int x = 0; x < 320; ++x) {
      differing +=
          a.data(Plane::kY)[y * a.stride(Plane::kY) + x] != b.data(Plane::kY)[y * b.stride(Plane::kY) + x];
    }
  }
  EXPECT_GT(differing, 100);  // the box moved
}

TEST(TestPatternTest, UnstampedPictureReadsAsNothing) {
  VideoFrame frame(320, 180);
  for (int y = 0; y < 180; ++y)
    std::fill_n(frame.mutable_data(Plane::kY) + y * frame.stride(Plane::kY), 320, 128);
  EXPECT_FALSE(ReadTestPatternStamp(frame.view()).has_value());
}

}  // namespace
}  // namespace softmcu
