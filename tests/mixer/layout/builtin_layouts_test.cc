#include "mixer/layout/builtin_layouts.h"

#include <gtest/gtest.h>

#include <map>

#include "mixer/layout/canvas_mapper.h"

namespace softmcu {
namespace {

constexpr CanvasSize kCanvases[] = {{1920, 1080}, {1280, 720}, {640, 360}};

struct Expected {
  size_t tiles;
  std::optional<size_t> main;
  bool covers_canvas;  // every tile except overlays tiles the canvas exactly
};

const std::map<std::string, Expected>& ExpectedShapes() {
  static const std::map<std::string, Expected> m = {
      {"1x1", {1, 0, true}},   {"1+1", {2, 0, true}},   {"2x2", {4, {}, true}},
      {"1+5", {6, 0, true}},   {"1+7", {8, 0, true}},   {"3x3", {9, {}, true}},
      {"1+12", {13, 0, true}}, {"4x4", {16, {}, true}}, {"5x5", {25, {}, true}},
  };
  return m;
}

bool RectsOverlap(const PixelRect& a, const PixelRect& b) {
  return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}

TEST(BuiltInLayouts, AllNinePresentWithTheirTileCountsAndMain) {
  ASSERT_EQ(BuiltInLayoutNames().size(), ExpectedShapes().size());
  for (std::string_view name : BuiltInLayoutNames()) {
    auto layout = BuiltInLayout(name);
    ASSERT_TRUE(layout.has_value()) << name;
    const Expected& e = ExpectedShapes().at(std::string(name));
    EXPECT_EQ(layout->tile_count(), e.tiles) << name;
    EXPECT_EQ(layout->main_tile(), e.main) << name;
    EXPECT_EQ(layout->name(), name);
  }
}

TEST(BuiltInLayouts, UnknownNameIsNotFoundAndListsTheKnownOnes) {
  auto layout = BuiltInLayout("6x6");
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().code, ErrorCode::kNotFound);
  EXPECT_NE(layout.error().message.find("1+12"), std::string::npos);
}

TEST(BuiltInLayouts, PixelRectsAreEvenInsideTheCanvasAndWithinOnePixel) {
  for (std::string_view name : BuiltInLayoutNames()) {
    const Layout layout = *BuiltInLayout(name);
    for (CanvasSize canvas : kCanvases) {
      const auto rects = MapToCanvas(layout, canvas);
      ASSERT_EQ(rects.size(), layout.tile_count());
      for (size_t i = 0; i < rects.size(); ++i) {
        const PixelRect& r = rects[i];
        const LayoutTile& t = layout.tile(i);
        SCOPED_TRACE(testing::Message()
                     << name << " " << canvas.width << "x" << canvas.height << " tile " << i);
        EXPECT_EQ(r.x % 2, 0);
        EXPECT_EQ(r.y % 2, 0);
        EXPECT_EQ(r.width % 2, 0);
        EXPECT_EQ(r.height % 2, 0);
        EXPECT_GE(r.x, 0);
        EXPECT_GE(r.y, 0);
        EXPECT_GT(r.width, 0);
        EXPECT_GT(r.height, 0);
        EXPECT_LE(r.right(), canvas.width);
        EXPECT_LE(r.bottom(), canvas.height);
        const double sx = canvas.width / double{kLayoutUnits}, sy = canvas.height / double{kLayoutUnits};
        EXPECT_NEAR(r.x, t.x * sx, 1.0);
        EXPECT_NEAR(r.y, t.y * sy, 1.0);
        EXPECT_NEAR(r.right(), t.right() * sx, 1.0);
        EXPECT_NEAR(r.bottom(), t.bottom() * sy, 1.0);
      }
    }
  }
}

TEST(BuiltInLayouts, NonOverlayTilesNeverOverlapAndCoverTheCanvasExactly) {
  for (std::string_view name : BuiltInLayoutNames()) {
    const Layout layout = *BuiltInLayout(name);
    for (CanvasSize canvas : kCanvases) {
      SCOPED_TRACE(testing::Message() << name << " " << canvas.width << "x" << canvas.height);
      const auto rects = MapToCanvas(layout, canvas);
      int64_t area = 0;
      for (size_t i = 0; i < rects.size(); ++i) {
        if (layout.tile(i).overlay) continue;
        area += int64_t{rects[i].width} * rects[i].height;
        for (size_t j = 0; j < i; ++j) {
          if (!layout.tile(j).overlay) {
            EXPECT_FALSE(RectsOverlap(rects[i], rects[j])) << i << " vs " << j;
          }
        }
      }
      // Disjoint rects inside the canvas whose areas add up to the canvas: an exact cover.
      if (ExpectedShapes().at(std::string(name)).covers_canvas) {
        EXPECT_EQ(area, int64_t{canvas.width} * canvas.height);
      }
    }
  }
}

TEST(BuiltInLayouts, GridTilesAreEqualWithinTwoPixels) {
  for (const char* name : {"2x2", "3x3", "4x4", "5x5"}) {
    const Layout layout = *BuiltInLayout(name);
    for (CanvasSize canvas : kCanvases) {
      const auto rects = MapToCanvas(layout, canvas);
      for (const PixelRect& r : rects) {
        EXPECT_LE(std::abs(r.width - rects[0].width), 2) << name;
        EXPECT_LE(std::abs(r.height - rects[0].height), 2) << name;
      }
    }
  }
}

TEST(BuiltInLayouts, PictureInPictureInsetIsOnTopAtTheBottomRight) {
  const Layout layout = *BuiltInLayout("1+1");
  EXPECT_TRUE(layout.tile(1).overlay);
  EXPECT_EQ(layout.DrawOrder(), (std::vector<size_t>{0, 1}));
  const auto rects = MapToCanvas(layout, {1280, 720});
  EXPECT_EQ(rects[0], (PixelRect{0, 0, 1280, 720}));
  EXPECT_GT(rects[1].x, 1280 / 2);
  EXPECT_GT(rects[1].y, 720 / 2);
  EXPECT_LT(rects[1].right(), 1280);
  EXPECT_LT(rects[1].bottom(), 720);
}

TEST(BuiltInLayouts, OnePlusTwelveMainIsTheCentreBlock) {
  const auto rects = MapToCanvas(*BuiltInLayout("1+12"), {1920, 1080});
  EXPECT_EQ(rects[0], (PixelRect{480, 270, 960, 540}));
}

TEST(BuiltInLayouts, OnePlusFiveMainIsTwoThirdsTopLeft) {
  const auto rects = MapToCanvas(*BuiltInLayout("1+5"), {1920, 1080});
  EXPECT_EQ(rects[0], (PixelRect{0, 0, 1280, 720}));
}

TEST(BuiltInLayouts, OnePlusSevenMainIsThreeQuartersTopLeft) {
  const auto rects = MapToCanvas(*BuiltInLayout("1+7"), {1920, 1080});
  EXPECT_EQ(rects[0], (PixelRect{0, 0, 1440, 810}));
}

}  // namespace
}  // namespace softmcu
