#include "mixer/layout/layout.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

LayoutTile Tile(int x, int y, int w, int h) {
  return LayoutTile{.x = x, .y = y, .w = w, .h = h};
}

struct BadLayoutCase {
  const char* name;
  std::vector<LayoutTile> tiles;
  ErrorCode code;
  const char* message_part;  // must name the tile
};

TEST(Layout, CreateRejectsBadGeometryNamingTheTile) {
  const std::vector<BadLayoutCase> cases = {
      {"negative x", {Tile(0, 0, 5000, 5000), Tile(-1, 0, 1000, 1000)}, ErrorCode::kOutOfRange, "tile 1:"},
      {"negative y", {Tile(0, -5, 1000, 1000)}, ErrorCode::kOutOfRange, "tile 0:"},
      {"x + w > 1",
       {Tile(0, 0, 5000, 5000), Tile(9500, 0, 1000, 1000)},
       ErrorCode::kOutOfRange,
       "tile 1: x + w"},
      {"y + h > 1", {Tile(0, 9000, 1000, 1001)}, ErrorCode::kOutOfRange, "tile 0: y + h"},
      {"zero width", {Tile(0, 0, 0, 1000)}, ErrorCode::kInvalidArgument, "tile 0: size"},
      {"negative height",
       {Tile(0, 0, 1000, 1000), Tile(2000, 2000, 1000, -10)},
       ErrorCode::kInvalidArgument,
       "tile 1: size"},
      {"below minimum", {Tile(0, 0, 199, 1000)}, ErrorCode::kInvalidArgument, "minimum"},
      {"overlap",
       {Tile(0, 0, 6000, 6000), Tile(5000, 5000, 5000, 5000)},
       ErrorCode::kInvalidArgument,
       "tile 1: overlaps tile 0"},
      {"z out of range",
       {LayoutTile{.x = 0, .y = 0, .w = 1000, .h = 1000, .z = 100}},
       ErrorCode::kOutOfRange,
       "tile 0: z"},
      {"two main tiles",
       {LayoutTile{.w = 5000, .h = 5000, .main = true},
        LayoutTile{.x = 5000, .w = 5000, .h = 5000, .main = true}},
       ErrorCode::kInvalidArgument,
       "tile 1: a second main tile"},
      {"no tiles", {}, ErrorCode::kInvalidArgument, "no tiles"},
      {"too many tiles", std::vector<LayoutTile>(26, Tile(0, 0, 1000, 1000)), ErrorCode::kOutOfRange,
       "too many tiles"},
  };
  for (const auto& c : cases) {
    auto layout = Layout::Create("x", c.tiles);
    ASSERT_FALSE(layout.has_value()) << c.name;
    EXPECT_EQ(layout.error().code, c.code) << c.name;
    EXPECT_NE(layout.error().message.find(c.message_part), std::string::npos)
        << c.name << ": " << layout.error().message;
  }
}

TEST(Layout, AbuttingTilesAreNotOverlapping) {
  EXPECT_TRUE(Layout::Create("halves", {Tile(0, 0, 5000, 10000), Tile(5000, 0, 5000, 10000)}).has_value());
}

TEST(Layout, OverlayWithHigherZMayCoverAnotherTile) {
  auto layout = Layout::Create(
      "pip", {LayoutTile{.w = 10000, .h = 10000, .main = true},
              LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .z = 1, .overlay = true}});
  ASSERT_TRUE(layout.has_value()) << layout.error().message;
  EXPECT_EQ(layout->main_tile(), 0u);
}

TEST(Layout, OverlayWithoutHigherZIsAnOverlap) {
  auto layout =
      Layout::Create("pip", {LayoutTile{.w = 10000, .h = 10000},
                             LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .overlay = true}});
  ASSERT_FALSE(layout.has_value());
  EXPECT_NE(layout.error().message.find("tile 1: overlaps tile 0"), std::string::npos);
}

TEST(Layout, HigherZWithoutOverlayFlagIsAnOverlap) {
  auto layout = Layout::Create("pip", {LayoutTile{.w = 10000, .h = 10000},
                                       LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .z = 1}});
  EXPECT_FALSE(layout.has_value());
}

TEST(Layout, DrawOrderIsZThenIndex) {
  auto layout =
      Layout::Create("pip", {LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .z = 1, .overlay = true},
                             LayoutTile{.w = 10000, .h = 10000}, Tile(0, 0, 0, 0)});
  ASSERT_FALSE(layout.has_value());  // the zero tile
  layout =
      Layout::Create("pip", {LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .z = 1, .overlay = true},
                             LayoutTile{.w = 10000, .h = 10000}});
  ASSERT_TRUE(layout.has_value());
  EXPECT_EQ(layout->DrawOrder(), (std::vector<size_t>{1, 0}));
}

TEST(Layout, RejectsEmptyAndOverlongNames) {
  EXPECT_FALSE(Layout::Create("", {Tile(0, 0, 1000, 1000)}).has_value());
  EXPECT_FALSE(Layout::Create(std::string(65, 'a'), {Tile(0, 0, 1000, 1000)}).has_value());
  EXPECT_TRUE(Layout::Create(std::string(64, 'a'), {Tile(0, 0, 1000, 1000)}).has_value());
}

}  // namespace
}  // namespace softmcu
