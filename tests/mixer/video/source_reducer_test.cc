#include "mixer/video/source_reducer.h"

#include <gtest/gtest.h>

#include "media/video/test_pattern.h"
#include "media/video/video_quality.h"
#include "mixer/video/tile_scaler.h"
#include "tests/media/video/video_test_util.h"

namespace softmcu {
namespace {

TEST(SourceReducer, HalvesWhileTheLargestTileStillFits) {
  VideoFramePool pool;
  SourceReducer reducer;
  const SharedVideoFrame picture = testing::MakePatternFrame(pool, 1280, 720, 3, 17);
  // Largest tile 426 x 240 (3x3 of 720p): 640 x 360 still covers it, 320 x 180 would not.
  const SharedVideoFrame reduced = reducer.Reduce(picture, {true, 426, 240});
  EXPECT_EQ(reduced->width(), 640);
  EXPECT_EQ(reduced->height(), 360);
  EXPECT_EQ(reduced->source_id(), 3u);
  EXPECT_EQ(reduced->frame_index(), 17u);
  EXPECT_EQ(reduced->pts(), picture->pts());
  // 5x5 of 640x360 (128 x 72): three halvings, 160 x 90 still covers it.
  EXPECT_EQ(reducer.Reduce(picture, {true, 128, 72})->width(), 160);
  EXPECT_EQ(reducer.reduced(), 2u);
}

TEST(SourceReducer, PassesThePictureOnWhenNothingCanBeSaved) {
  VideoFramePool pool;
  SourceReducer reducer;
  const SharedVideoFrame picture = testing::MakePatternFrame(pool, 1280, 720, 1, 0);
  EXPECT_EQ(reducer.Reduce(picture, {true, 854, 480}).get(), picture.get());  // a 1+5 main tile
  EXPECT_EQ(reducer.Reduce(picture, {true, 641, 200}).get(), picture.get());  // wider than half
  EXPECT_EQ(reducer.Reduce(picture, {}).get(), picture.get());                // not visible
  EXPECT_FALSE(reducer.Reduce(SharedVideoFrame(), {true, 10, 10}));
  EXPECT_EQ(reducer.reduced(), 0u);
}

// The reducer is an optimisation: the tile comes out the same as when the compositor
// halves the full picture itself.
TEST(SourceReducer, TileIsTheSameAsWhenTheCompositorHalves) {
  VideoFramePool pool;
  SourceReducer reducer;
  const SharedVideoFrame picture = testing::MakePatternFrame(pool, 1280, 720, 5, 9, PatternTexture::kTextured);
  const PixelRect tile{0, 0, 426, 240};
  VideoFrame direct(1280, 720), via_reducer(1280, 720);
  TileScaler scaler(ScalePolicy{});
  scaler.Scale(picture->view(), direct.mutable_view(), tile);
  scaler.Scale(reducer.Reduce(picture, {true, 426, 240})->view(), via_reducer.mutable_view(), tile);
  EXPECT_EQ(PlanePsnr(direct.data(Plane::kY), direct.stride(Plane::kY), via_reducer.data(Plane::kY),
                      via_reducer.stride(Plane::kY), tile.width, tile.height),
            kIdenticalPsnr);
}

}  // namespace
}  // namespace softmcu
