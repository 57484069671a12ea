#include "media/video/video_frame_pool.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace softmcu {
namespace {

TEST(VideoFramePoolTest, PlanesAre64ByteAlignedWithAlignedStrides) {
  VideoFramePool pool;
  WritableVideoFrame frame = pool.Acquire(641, 361);
  ASSERT_TRUE(frame);
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    EXPECT_EQ(reinterpret_cast<uintptr_t>(frame->data(p)) % 64, 0u);
    EXPECT_EQ(frame->stride(p) % 64, 0);
  }
  EXPECT_GE(frame->stride(Plane::kY), 641);
  EXPECT_GE(frame->stride(Plane::kU), frame->chroma_width());
  EXPECT_EQ(frame->chroma_width(), 321);
  EXPECT_EQ(frame->chroma_height(), 181);
}

TEST(VideoFramePoolTest, ReleasedFrameIsReusedWithoutAllocating) {
  VideoFramePool pool;
  const VideoFrame* first = nullptr;
  {
    WritableVideoFrame frame = pool.Acquire(320, 180);
    first = frame.get();
  }
  WritableVideoFrame again = pool.Acquire(320, 180);
  EXPECT_EQ(again.get(), first);
  EXPECT_EQ(pool.stats().allocated, 1u);
}

TEST(VideoFramePoolTest, FrameHeldByTwoOwnersReturnsOnlyWhenBothDrop) {
  VideoFramePool pool;
  SharedVideoFrame a = pool.Acquire(320, 180).Share();
  SharedVideoFrame b = a;
  EXPECT_EQ(a.get(), b.get());
  EXPECT_EQ(pool.stats().free, 0u);
  a = SharedVideoFrame();
  EXPECT_EQ(pool.stats().free, 0u);
  b = SharedVideoFrame();
  EXPECT_EQ(pool.stats().free, 1u);
}

TEST(VideoFramePoolTest, AcquireResetsMetadata) {
  VideoFramePool pool;
  {
    WritableVideoFrame frame = pool.Acquire(64, 64);
    frame->set_pts(TimeDelta::Millis(5));
    frame->set_source_id(7);
    frame->set_frame_index(9);
  }
  WritableVideoFrame frame = pool.Acquire(64, 64);
  EXPECT_EQ(frame->pts(), TimeDelta::Zero());
  EXPECT_EQ(frame->source_id(), 0u);
  EXPECT_EQ(frame->frame_index(), 0u);
}

TEST(VideoFramePoolTest, ReclaimIfUniqueTakesBackAFrameNobodyElseHolds) {
  VideoFramePool pool;
  WritableVideoFrame writable = pool.Acquire(64, 32);
  writable->mutable_data(Plane::kY)[0] = 77;
  const VideoFrame* address = writable.get();
  SharedVideoFrame shared = std::move(writable).Share();
  WritableVideoFrame again = WritableVideoFrame::ReclaimIfUnique(shared);
  ASSERT_TRUE(again);
  EXPECT_FALSE(shared);
  EXPECT_EQ(again.get(), address);
  EXPECT_EQ(again->data(Plane::kY)[0], 77);  // the same pixels, not a new frame
  EXPECT_EQ(pool.stats().allocated, 1u);
}

TEST(VideoFramePoolTest, ReclaimIfUniqueRefusesAFrameSomeoneStillReads) {
  VideoFramePool pool;
  SharedVideoFrame shared = pool.Acquire(64, 32).Share();
  SharedVideoFrame reader = shared;
  EXPECT_FALSE(WritableVideoFrame::ReclaimIfUnique(shared));
  EXPECT_TRUE(shared);  // left alone
  reader = SharedVideoFrame();
  EXPECT_TRUE(WritableVideoFrame::ReclaimIfUnique(shared));
  SharedVideoFrame empty;
  EXPECT_FALSE(WritableVideoFrame::ReclaimIfUnique(empty));
}

TEST(VideoFramePoolTest, PoolIsBoundedPerSize) {
  VideoFramePool pool({.max_frames_per_size = 2, .max_sizes = 2});
  WritableVideoFrame a = pool.Acquire(64, 64);
  WritableVideoFrame b = pool.Acquire(64, 64);
  WritableVideoFrame c = pool.Acquire(64, 64);
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_FALSE(c);
  EXPECT_EQ(pool.stats().exhausted, 1u);
  a = WritableVideoFrame();
  EXPECT_TRUE(pool.Acquire(64, 64));
}

TEST(VideoFramePoolTest, NewSizeBeyondMaxSizesRetiresTheOldest) {
  VideoFramePool pool({.max_frames_per_size = 4, .max_sizes = 1});
  SharedVideoFrame old_busy = pool.Acquire(1280, 720).Share();
  { WritableVideoFrame old_idle = pool.Acquire(1280, 720); }
  EXPECT_EQ(pool.stats().allocated, 2u);
  WritableVideoFrame small = pool.Acquire(640, 360);
  // The idle 720p frame is freed at once, the busy one when its holder lets go.
  EXPECT_EQ(pool.stats().allocated, 2u);
  old_busy = SharedVideoFrame();
  EXPECT_EQ(pool.stats().allocated, 1u);
  EXPECT_EQ(small->width(), 640);
}

TEST(VideoFramePoolTest, FrameMayOutliveItsPool) {
  SharedVideoFrame survivor;
  {
    VideoFramePool pool;
    survivor = pool.Acquire(64, 64).Share();
  }
  EXPECT_EQ(survivor->width(), 64);
  survivor = SharedVideoFrame();  // freed here; ASan reports a leak or use-after-free otherwise
}

TEST(VideoFramePoolTest, FramesReleasedOnAnotherThreadReturnToThePool) {
  VideoFramePool pool({.max_frames_per_size = 4, .max_sizes = 1});
  for (int round = 0; round < 50; ++round) {
    std::vector<SharedVideoFrame> frames;
    for (int i = 0; i < 4; ++i) frames.push_back(pool.Acquire(64, 64).Share());
    std::thread reader([held = std::move(frames)]() mutable { held.clear(); });
    reader.join();
  }
  EXPECT_EQ(pool.stats().allocated, 4u);
  EXPECT_EQ(pool.stats().free, 4u);
  EXPECT_EQ(pool.stats().exhausted, 0u);
}

}  // namespace
}  // namespace softmcu
