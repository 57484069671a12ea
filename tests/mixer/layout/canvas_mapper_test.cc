#include "mixer/layout/canvas_mapper.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(CanvasMapper, EdgesRoundToTheNearestEvenPixel) {
  struct Case {
    int units, size, pixels;
  };
  for (const Case& c :
       {Case{0, 1920, 0}, Case{10000, 1920, 1920}, Case{3333, 1080, 360}, Case{6667, 1080, 720},
        Case{3333, 640, 214}, Case{5000, 360, 180}, Case{2000, 360, 72}, Case{7300, 720, 526}}) {
    EXPECT_EQ(LayoutEdgeToPixels(c.units, c.size), c.pixels) << c.units << " of " << c.size;
  }
}

TEST(CanvasMapper, SmallestTileOnSmallestCanvasIsAtLeastTwoPixels) {
  // Worst case for rounding: a minimum-size tile whose edges both round inwards.
  for (int x = 0; x + kMinTileUnits <= kLayoutUnits; x += 7) {
    auto layout = Layout::Create("t", {LayoutTile{.x = x, .y = x, .w = kMinTileUnits, .h = kMinTileUnits}});
    ASSERT_TRUE(layout.has_value());
    const PixelRect r = MapToCanvas(*layout, {CanvasSize::kMinWidth, CanvasSize::kMinHeight})[0];
    ASSERT_GE(r.width, 2) << x;
    ASSERT_GE(r.height, 2) << x;
  }
}

TEST(CanvasMapper, CanvasValidity) {
  EXPECT_TRUE((CanvasSize{1920, 1080}.IsValid()));
  EXPECT_TRUE((CanvasSize{160, 120}.IsValid()));
  EXPECT_FALSE((CanvasSize{160, 118}.IsValid()));
  EXPECT_FALSE((CanvasSize{640, 361}.IsValid()));
  EXPECT_FALSE((CanvasSize{1921, 1080}.IsValid()));
  EXPECT_FALSE((CanvasSize{158, 360}.IsValid()));
  EXPECT_FALSE((CanvasSize{8194, 360}.IsValid()));
}

}  // namespace
}  // namespace softmcu
