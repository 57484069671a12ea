#include "mixer/video/tile_geometry.h"

#include <gtest/gtest.h>

#include "mixer/video/paint.h"

namespace softmcu {
namespace {

TEST(PlacePicture, LetterboxPutsAFourByThreePictureBetweenBars) {
  const auto p = PlacePicture(640, 480, {0, 0, 1280, 720}, TileFit::kLetterbox);
  EXPECT_EQ(p.source, (PixelRect{0, 0, 640, 480}));
  EXPECT_EQ(p.content, (PixelRect{160, 0, 960, 720}));
}

TEST(PlacePicture, LetterboxPutsAWidePictureBetweenTopAndBottomBars) {
  const auto p = PlacePicture(1280, 720, {100, 50, 400, 400}, TileFit::kLetterbox);
  // 400 x 720 / 1280 = 225 rows, to the nearest even: 226; centred on even rows.
  EXPECT_EQ(p.content, (PixelRect{100, 50 + 86, 400, 226}));
}

TEST(PlacePicture, CropCutsTheLongAxisEquallyAndFillsTheTile) {
  const auto p = PlacePicture(640, 480, {0, 0, 1280, 720}, TileFit::kCrop);
  EXPECT_EQ(p.source, (PixelRect{0, 60, 640, 360}));
  EXPECT_EQ(p.content, (PixelRect{0, 0, 1280, 720}));
  const auto wide = PlacePicture(1920, 1080, {0, 0, 400, 400}, TileFit::kCrop);
  EXPECT_EQ(wide.source, (PixelRect{420, 0, 1080, 1080}));
}

TEST(PlacePicture, SmallAspectDifferencesStretchInsteadOfThinBars) {
  // 16:9 into a 3x3 corner tile of 1280x720 (428 x 240): bars would be 1 px.
  EXPECT_EQ(PlacePicture(1280, 720, {852, 480, 428, 240}, TileFit::kLetterbox).content,
            (PixelRect{852, 480, 428, 240}));
  EXPECT_EQ(PlacePicture(1280, 720, {852, 480, 428, 240}, TileFit::kCrop).source, (PixelRect{0, 0, 1280, 720}));
}

TEST(PlacePicture, EverythingIsEvenAndInside) {
  const PixelRect tiles[] = {{0, 0, 2, 2}, {10, 20, 426, 240}, {0, 0, 1920, 1080}, {6, 8, 98, 300}};
  const int sizes[][2] = {{1, 1}, {2, 2}, {3, 5}, {1280, 720}, {720, 1280}, {4000, 2}, {2, 4000}, {641, 359}};
  for (const PixelRect& tile : tiles) {
    for (const auto& size : sizes) {
      for (TileFit fit : {TileFit::kLetterbox, TileFit::kCrop}) {
        const auto p = PlacePicture(size[0], size[1], tile, fit);
        EXPECT_EQ(p.content.x % 2 | p.content.y % 2 | p.content.width % 2 | p.content.height % 2, 0);
        EXPECT_GE(p.content.x, tile.x);
        EXPECT_GE(p.content.y, tile.y);
        EXPECT_LE(p.content.right(), tile.right());
        EXPECT_LE(p.content.bottom(), tile.bottom());
        EXPECT_GT(p.content.width, 0);
        EXPECT_EQ(p.source.x % 2 | p.source.y % 2, 0);
        EXPECT_LE(p.source.right(), size[0]);
        EXPECT_LE(p.source.bottom(), size[1]);
        EXPECT_GT(p.source.width, 0);
        EXPECT_GT(p.source.height, 0);
      }
    }
  }
}

TEST(LabelGeometry, FontScalesWithTheTileWithinLimits) {
  EXPECT_EQ(LabelMetricsFor({0, 0, 426, 240}, 70, 10, 36, 4).pixel_size, 16);
  EXPECT_EQ(LabelMetricsFor({0, 0, 1920, 1080}, 70, 10, 36, 6).pixel_size, 36);
  EXPECT_EQ(LabelMetricsFor({0, 0, 128, 72}, 70, 10, 36, 2).pixel_size, 10);
}

TEST(LabelGeometry, BoxSitsBottomLeftInsideTheTileClearOfTheHighlight) {
  const PixelRect tile{100, 100, 400, 240};
  const auto m = LabelMetricsFor(tile, 70, 10, 36, 4);
  const auto place = PlaceLabel(tile, m, 120, 20);
  EXPECT_GE(place.box.x, tile.x + 4);
  EXPECT_LE(place.box.bottom(), tile.bottom() - 4);
  EXPECT_EQ(place.box, Intersect(place.box, tile));
  EXPECT_GE(place.text_x, place.box.x);
  EXPECT_LE(place.text_x + 120, place.box.right());
  // A tile lower than the box: the box is clipped to it.
  const PixelRect tiny{0, 0, 60, 12};
  EXPECT_EQ(Intersect(PlaceLabel(tiny, m, 30, 20).box, tiny), PlaceLabel(tiny, m, 30, 20).box);
}

}  // namespace
}  // namespace softmcu
