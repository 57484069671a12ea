#include "mixer/video/view_compositor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "media/video/test_pattern.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/video/tile_geometry.h"
#include "tests/media/video/video_test_util.h"
#include "tests/mixer/video/video_test_frames.h"

namespace softmcu {
namespace {

using testing::ChromaAt;
using testing::LumaAt;

const char kTrieuSon[] = "UBND huy\xE1\xBB\x87n Tri\xE1\xBB\x87u S\xC6\xA1n";
constexpr CanvasSize kCanvases[] = {{1920, 1080}, {1280, 720}, {640, 360}};

// Source k's flat colour: luma 40 + 7k (never the background 26, the border 16 or text 235).
YuvColor SourceColor(size_t k) {
  return {static_cast<uint8_t>(40 + 7 * k), static_cast<uint8_t>(60 + 5 * k), static_cast<uint8_t>(200 - 5 * k)};
}
// Which source a scaled pixel came from. Scalers may round a flat colour by one code
// value (libyuv's box filter, for one, truncates its fixed-point reciprocal at non-integer
// ratios), and source colours are 7 apart, so +-1 still names exactly one source.
std::optional<size_t> SourceOfLuma(uint8_t luma) {
  const int offset = luma - 40 + 1;
  if (offset < 0 || offset % 7 > 2) return std::nullopt;
  const size_t k = static_cast<size_t>(offset / 7);
  return k < kMaxLayoutTiles ? std::optional(k) : std::nullopt;
}
bool Near(int a, int b) {
  return std::abs(a - b) <= 1;
}

PixelRect Inset(PixelRect r, int by) {
  return {r.x + by, r.y + by, r.width - 2 * by, r.height - 2 * by};
}

class ViewCompositorTest : public ::testing::Test {
 protected:
  ViewCompositorTest() : labels_(std::move(*LabelRenderer::Create())) {
    style_.labels = LabelMode::kHidden;
  }

  std::unique_ptr<ViewCompositor> Make() {
    return std::make_unique<ViewCompositor>(style_, *labels_, canvas_pool_, 7);
  }

  // Tile i shows participant i + 1, live, named "Site <i+1>".
  static std::vector<TileContent> Everyone(const Layout& layout) {
    std::vector<TileContent> tiles(layout.tile_count());
    for (size_t i = 0; i < tiles.size(); ++i) {
      tiles[i] = {static_cast<ParticipantId>(i + 1), TileSignal::kLive, "Site " + std::to_string(i + 1)};
    }
    return tiles;
  }

  // Flat sources, one colour per tile, all 320x180 unless given.
  std::vector<SharedVideoFrame> FlatSources(size_t count, int width = 320, int height = 180) {
    std::vector<SharedVideoFrame> frames;
    for (size_t k = 0; k < count; ++k) {
      frames.push_back(testing::MakeFlatFrame(source_pool_, width, height, SourceColor(k), static_cast<uint32_t>(k)));
    }
    return frames;
  }

  static std::vector<TileFrame> FramesOf(const std::vector<SharedVideoFrame>& sources, uint64_t generation = 1) {
    std::vector<TileFrame> frames;
    for (const auto& s : sources) frames.push_back({s.get(), generation});
    return frames;
  }

  CompositorStyle style_;
  std::unique_ptr<LabelRenderer> labels_;
  VideoFramePool canvas_pool_{{.max_frames_per_size = 8, .max_sizes = 4}};
  VideoFramePool source_pool_{{.max_frames_per_size = 64, .max_sizes = 4}};
};

// Golden: flat sources in every built-in layout on every canvas size. Each tile's colour
// covers its layout rectangle to within 1 px (the 1-px border between tiles), and inside
// that every pixel (outside overlays) is the source's colour (+-1, see SourceOfLuma),
// chroma included.
TEST_F(ViewCompositorTest, FlatSourcesFillEveryLayoutsTilesWithinOnePixel) {
  for (CanvasSize canvas : kCanvases) {
    for (std::string_view name : BuiltInLayoutNames()) {
      SCOPED_TRACE(fmt::format("{} on {}x{}", name, canvas.width, canvas.height));
      const Layout layout = *BuiltInLayout(name);
      auto compositor = Make();
      compositor->Configure(layout, canvas, Everyone(layout));
      const auto sources = FlatSources(layout.tile_count());
      ASSERT_TRUE(compositor->Compose(FramesOf(sources), TimeDelta::Zero()));
      const VideoFrame& out = *compositor->canvas();
      ASSERT_EQ(out.width(), canvas.width);
      ASSERT_EQ(out.height(), canvas.height);

      std::array<PixelRect, kMaxLayoutTiles> ink{};  // bounding box of each source's colour
      std::array<bool, kMaxLayoutTiles> seen{};
      for (int y = 0; y < out.height(); ++y) {
        for (int x = 0; x < out.width(); ++x) {
          auto k = SourceOfLuma(LumaAt(out, x, y));
          if (!k) continue;
          PixelRect& r = ink[*k];
          if (!seen[*k]) {
            r = {x, y, 1, 1};
            seen[*k] = true;
          } else {
            const int x0 = std::min(r.x, x), y0 = std::min(r.y, y);
            r = {x0, y0, std::max(r.right(), x + 1) - x0, std::max(r.bottom(), y + 1) - y0};
          }
        }
      }
      const auto rects = MapToCanvas(layout, canvas);
      const auto order = layout.DrawOrder();
      for (size_t i = 0; i < rects.size(); ++i) {
        ASSERT_TRUE(seen[i]) << "tile " << i;
        EXPECT_LE(std::abs(ink[i].x - rects[i].x), 1) << "tile " << i;
        EXPECT_LE(std::abs(ink[i].y - rects[i].y), 1) << "tile " << i;
        EXPECT_LE(std::abs(ink[i].right() - rects[i].right()), 1) << "tile " << i;
        EXPECT_LE(std::abs(ink[i].bottom() - rects[i].bottom()), 1) << "tile " << i;
        // Inside (1 px in), every pixel not under a later-drawn tile is the source's colour.
        const auto position = std::find(order.begin(), order.end(), i) - order.begin();
        const PixelRect inner = Inset(rects[i], 1);
        std::vector<PixelRect> above;  // later-drawn tiles over this one (and their border)
        for (auto j = order.begin() + position + 1; j != order.end(); ++j) {
          if (!Intersect(Inset(rects[*j], -1), inner).empty()) above.push_back(Inset(rects[*j], -1));
        }
        int wrong = 0;
        for (int y = inner.y; y < inner.bottom(); ++y) {
          for (int x = inner.x; x < inner.right(); ++x) {
            if (std::any_of(above.begin(), above.end(),
                            [&](const PixelRect& r) { return !Intersect(r, {x, y, 1, 1}).empty(); })) {
              continue;
            }
            const YuvColor c = SourceColor(i);
            wrong += !Near(LumaAt(out, x, y), c.y) || !Near(ChromaAt(out, Plane::kU, x, y), c.u) ||
                     !Near(ChromaAt(out, Plane::kV, x, y), c.v);
          }
        }
        EXPECT_EQ(wrong, 0) << "tile " << i;
      }
    }
  }
}

// Golden: stamped moving pictures (source id and frame index in the top row) read back
// from every tile of every layout: the right source, the right frame, in the right tile.
TEST_F(ViewCompositorTest, StampedSourcesReadBackFromTheirTilesInEveryLayout) {
  for (std::string_view name : BuiltInLayoutNames()) {
    SCOPED_TRACE(std::string(name));
    const Layout layout = *BuiltInLayout(name);
    auto compositor = Make();
    compositor->Configure(layout, {1280, 720}, Everyone(layout));
    std::vector<SharedVideoFrame> sources;
    for (size_t k = 0; k < layout.tile_count(); ++k) {
      sources.push_back(testing::MakePatternFrame(source_pool_, 640, 360, static_cast<uint32_t>(100 + k), 40 + k));
    }
    ASSERT_TRUE(compositor->Compose(FramesOf(sources), TimeDelta::Zero()));
    const auto rects = compositor->tile_rects();
    for (size_t i = 0; i < rects.size(); ++i) {
      const auto stamp = ReadTestPatternStamp(CropView(compositor->canvas()->view(), rects[i]));
      ASSERT_TRUE(stamp.has_value()) << "tile " << i;
      EXPECT_EQ(stamp->source_id, 100 + i);
      EXPECT_EQ(stamp->frame_index, 40 + i);
    }
  }
}

TEST_F(ViewCompositorTest, LetterboxShowsBackgroundBarsAndCropFillsTheTile) {
  const Layout boxed = *Layout::Create("boxed", {LayoutTile{.w = 10000, .h = 10000}});
  const Layout cropped = *Layout::Create("cropped", {LayoutTile{.w = 10000, .h = 10000, .fit = TileFit::kCrop}});
  const auto four_by_three = FlatSources(1, 640, 480);
  const YuvColor c = SourceColor(0);

  auto compositor = Make();
  compositor->Configure(boxed, {1280, 720}, Everyone(boxed));
  ASSERT_TRUE(compositor->Compose(FramesOf(four_by_three), TimeDelta::Zero()));
  const VideoFrame& out = *compositor->canvas();
  EXPECT_EQ(testing::CountLuma(out, {0, 0, 160, 720}, style_.background.y), 160 * 720);
  EXPECT_EQ(testing::CountLuma(out, {1120, 0, 160, 720}, style_.background.y), 160 * 720);
  EXPECT_EQ(testing::CountLuma(out, {160, 0, 960, 720}, c.y), 960 * 720);
  EXPECT_EQ(ChromaAt(out, Plane::kV, 100, 100), style_.background.v);

  compositor->Configure(cropped, {1280, 720}, Everyone(cropped));
  ASSERT_TRUE(compositor->Compose(FramesOf(four_by_three), TimeDelta::Zero()));
  EXPECT_EQ(testing::CountLuma(*compositor->canvas(), {0, 0, 1280, 720}, c.y), 1280 * 720);
}

TEST_F(ViewCompositorTest, ThinBordersOnlyWhereTilesMeet) {
  const Layout layout = *BuiltInLayout("2x2");
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, Everyone(layout));
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(4)), TimeDelta::Zero()));
  const VideoFrame& out = *compositor->canvas();
  EXPECT_EQ(LumaAt(out, 639, 100), style_.border_luma);  // tile 0's right edge
  EXPECT_EQ(LumaAt(out, 640, 100), style_.border_luma);  // tile 1's left edge
  EXPECT_EQ(LumaAt(out, 641, 100), SourceColor(1).y);
  EXPECT_EQ(LumaAt(out, 0, 100), SourceColor(0).y);  // no frame around the canvas
  EXPECT_EQ(LumaAt(out, 100, 0), SourceColor(0).y);
}

TEST_F(ViewCompositorTest, HighlightFramesTheSpeakingTileWhenTwoOrMoreAreShown) {
  const Layout layout = *BuiltInLayout("2x2");
  auto tiles = Everyone(layout);
  tiles[1].highlight = TileHighlight::kOn;
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, tiles);
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(4)), TimeDelta::Zero()));
  const int width = style_.HighlightWidth(720);
  EXPECT_EQ(width, 4);
  const VideoFrame& out = *compositor->canvas();
  EXPECT_EQ(LumaAt(out, 640, 0), style_.highlight.y);
  EXPECT_EQ(LumaAt(out, 640 + width - 1, 100), style_.highlight.y);
  EXPECT_EQ(ChromaAt(out, Plane::kU, 640, 100), style_.highlight.u);
  EXPECT_EQ(LumaAt(out, 640 + width, 100), SourceColor(1).y);
  EXPECT_EQ(LumaAt(out, 0, 0), SourceColor(0).y);  // not on the others

  // Alone in the view, a highlight means nothing and is not drawn.
  std::vector<TileContent> alone(4);
  alone[1] = tiles[1];
  compositor->Configure(layout, {1280, 720}, alone);
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(4)), TimeDelta::Zero()));
  EXPECT_EQ(LumaAt(*compositor->canvas(), 640 + 2, 100), SourceColor(1).y);
}

// Labels: white text on a translucent box, in the bottom half of their own tile.
TEST_F(ViewCompositorTest, LabelsAreInsideTheirTilesBottomLeft) {
  style_.labels = LabelMode::kShown;
  for (std::string_view name : {"3x3", "1+7", "1+1", "5x5"}) {
    SCOPED_TRACE(std::string(name));
    const Layout layout = *BuiltInLayout(name);
    auto compositor = Make();
    compositor->Configure(layout, {1280, 720}, Everyone(layout));
    // Dark sources, so that anything bright is text.
    const auto dark = testing::MakeFlatFrame(source_pool_, 320, 180, {40, 128, 128});
    ASSERT_TRUE(compositor->Compose(std::vector<TileFrame>(layout.tile_count(), {dark.get(), 1}), TimeDelta::Zero()));
    const VideoFrame& out = *compositor->canvas();
    const auto rects = compositor->tile_rects();
    const auto order = layout.DrawOrder();
    std::vector<int> text_pixels(rects.size(), 0);
    for (int y = 0; y < 720; ++y) {
      for (int x = 0; x < 1280; ++x) {
        if (LumaAt(out, x, y) < 150) continue;
        // The topmost tile at this pixel owns it.
        std::optional<size_t> owner;
        for (size_t i : order)
          if (!Intersect(rects[i], {x, y, 1, 1}).empty()) owner = i;
        ASSERT_TRUE(owner.has_value());
        const PixelRect r = rects[*owner];
        EXPECT_GE(y, r.y + r.height / 2) << "tile " << *owner;
        EXPECT_LT(x, r.x + r.width / 2 + r.width / 4) << "tile " << *owner;
        ++text_pixels[*owner];
      }
    }
    for (size_t i = 0; i < rects.size(); ++i) EXPECT_GT(text_pixels[i], 20) << "tile " << i;
  }
}

// The Vietnamese label on the canvas is the renderer's mask: where the mask is fully
// inked, the canvas is exactly the text colour (the mask itself is checked against
// FreeType's glyphs in label_renderer_test.cc).
TEST_F(ViewCompositorTest, VietnameseLabelOnTheCanvasIsTheGlyphMask) {
  style_.labels = LabelMode::kShown;
  const Layout layout = *BuiltInLayout("2x2");
  auto tiles = Everyone(layout);
  tiles[3].site_name = kTrieuSon;
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, tiles);
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(4)), TimeDelta::Zero()));
  const PixelRect tile = compositor->tile_rects()[3];
  const auto metrics = LabelMetricsFor(tile, style_.label_height_permille, style_.label_min_px, style_.label_max_px,
                                       style_.HighlightWidth(720));
  const auto mask = labels_->Render(kTrieuSon, metrics.pixel_size, metrics.max_text_width);
  EXPECT_FALSE(mask->truncated);
  EXPECT_EQ(mask->missing_glyphs, 0);
  const auto place = PlaceLabel(tile, metrics, mask->width, mask->height);
  int opaque = 0;
  for (int y = 0; y < mask->height; ++y) {
    for (int x = 0; x < mask->width; ++x) {
      if (mask->at(x, y) != 255) continue;
      ++opaque;
      EXPECT_EQ(LumaAt(*compositor->canvas(), place.text_x + x, place.text_y + y), style_.label_text.y);
    }
  }
  EXPECT_GT(opaque, 100);
}

TEST_F(ViewCompositorTest, TooLongLabelIsCutWithinItsTile) {
  style_.labels = LabelMode::kShown;
  const Layout layout = *BuiltInLayout("5x5");
  auto tiles = Everyone(layout);
  std::string long_name;
  for (int i = 0; i < 20; ++i) long_name += kTrieuSon;
  for (auto& t : tiles) t.site_name = long_name;
  auto compositor = Make();
  compositor->Configure(layout, {640, 360}, tiles);
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(25)), TimeDelta::Zero()));
  const auto rects = compositor->tile_rects();
  for (size_t i = 0; i < rects.size(); ++i) {
    // No text colour in the last columns of the tile, where an uncut label would run on.
    const PixelRect right_strip{rects[i].right() - 3, rects[i].y, 3, rects[i].height};
    EXPECT_EQ(testing::CountLuma(*compositor->canvas(), right_strip, style_.label_text.y), 0) << i;
  }
  const auto metrics = LabelMetricsFor(rects[0], style_.label_height_permille, style_.label_min_px,
                                       style_.label_max_px, style_.HighlightWidth(360));
  EXPECT_TRUE(labels_->Render(long_name, metrics.pixel_size, metrics.max_text_width)->truncated);
}

TEST_F(ViewCompositorTest, NoSignalSlateDimsTheLastPictureAndSaysSo) {
  const Layout layout = *BuiltInLayout("2x2");
  auto tiles = Everyone(layout);
  tiles[0].signal = TileSignal::kNoSignal;
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, tiles);
  auto sources = FlatSources(4);
  sources[0] = testing::MakeFlatFrame(source_pool_, 320, 180, {216, 128, 128});
  ASSERT_TRUE(compositor->Compose(FramesOf(sources), TimeDelta::Zero()));
  const VideoFrame& out = *compositor->canvas();
  const int dimmed = 16 + ((216 - 16) * style_.no_signal_luma_keep >> 8);
  EXPECT_EQ(LumaAt(out, 20, 20), dimmed);
  // The text, centred in the tile.
  EXPECT_GT(testing::CountLuma(out, {160, 140, 320, 80}, style_.label_text.y), 50);
  EXPECT_EQ(testing::CountLuma(out, {0, 0, 640, 100}, style_.label_text.y), 0);
  // A lost point's tile does not follow new pictures (it keeps its slate); the live ones do.
  const uint64_t scaled = compositor->stats().tiles_scaled;
  ASSERT_TRUE(compositor->Compose(FramesOf(sources, 2), TimeDelta::Millis(33)));
  EXPECT_EQ(compositor->stats().tiles_scaled, scaled + 3);
}

TEST_F(ViewCompositorTest, NoSignalWithoutAnyPictureIsBackgroundAndText) {
  const Layout layout = *BuiltInLayout("2x2");
  auto tiles = Everyone(layout);
  tiles[2].signal = TileSignal::kNoSignal;
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, tiles);
  auto frames = FramesOf(FlatSources(4));
  frames[2] = TileFrame{};
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Zero()));
  const VideoFrame& out = *compositor->canvas();
  EXPECT_EQ(LumaAt(out, 20, 380), style_.background.y);
  EXPECT_GT(testing::CountLuma(out, {160, 500, 320, 80}, style_.label_text.y), 50);
}

TEST_F(ViewCompositorTest, WaitingSlateWhenTheViewShowsNobody) {
  const Layout layout = *BuiltInLayout("3x3");
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, std::vector<TileContent>(9));
  ASSERT_TRUE(compositor->Compose(std::vector<TileFrame>(9), TimeDelta::Zero()));
  const VideoFrame& out = *compositor->canvas();
  EXPECT_EQ(testing::CountLuma(out, {0, 0, 1280, 240}, style_.background.y), 1280 * 240);
  EXPECT_EQ(testing::CountLuma(out, {0, 480, 1280, 240}, style_.background.y), 1280 * 240);
  EXPECT_GT(testing::CountLuma(out, {0, 240, 1280, 240}, style_.label_text.y), 200);
  // Nothing changes while nobody comes.
  EXPECT_FALSE(compositor->Compose(std::vector<TileFrame>(9), TimeDelta::Millis(33)));
  // Somebody joins: the slate goes.
  auto tiles = std::vector<TileContent>(9);
  tiles[4] = {5, TileSignal::kLive, "Site 5"};
  compositor->Configure(layout, {1280, 720}, tiles);
  auto frames = std::vector<TileFrame>(9);
  const auto sources = FlatSources(5);
  frames[4] = {sources[4].get(), 1};
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(66)));
  EXPECT_EQ(testing::CountLuma(*compositor->canvas(), {0, 240, 1280, 240}, style_.label_text.y), 0);
  EXPECT_EQ(LumaAt(*compositor->canvas(), 640, 360), SourceColor(4).y);
}

TEST_F(ViewCompositorTest, LiveTileWithoutAPictureYetShowsBackgroundThenItsFirstPicture) {
  const Layout layout = *BuiltInLayout("1x1");
  auto compositor = Make();
  compositor->Configure(layout, {640, 360}, Everyone(layout));
  ASSERT_TRUE(compositor->Compose(std::vector<TileFrame>(1), TimeDelta::Zero()));
  EXPECT_EQ(LumaAt(*compositor->canvas(), 320, 180), style_.background.y);
  EXPECT_FALSE(compositor->Compose(std::vector<TileFrame>(1), TimeDelta::Millis(33)));
  const auto sources = FlatSources(1);
  ASSERT_TRUE(compositor->Compose(FramesOf(sources), TimeDelta::Millis(66)));
  EXPECT_EQ(LumaAt(*compositor->canvas(), 320, 180), SourceColor(0).y);
}

// Incremental work: only the tile whose source has a new picture is scaled again; the
// others keep their pixels, and the stamps show which picture each tile has.
TEST_F(ViewCompositorTest, OnlyTilesWithANewPictureAreScaledAgain) {
  const Layout layout = *BuiltInLayout("3x3");
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, Everyone(layout));
  std::vector<SharedVideoFrame> sources;
  for (uint32_t k = 0; k < 9; ++k) sources.push_back(testing::MakePatternFrame(source_pool_, 640, 360, k, 0));
  std::vector<TileFrame> frames = FramesOf(sources);
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Zero()));
  EXPECT_EQ(compositor->stats().tiles_scaled, 9u);
  EXPECT_EQ(compositor->stats().whole, 1u);

  EXPECT_FALSE(compositor->Compose(frames, TimeDelta::Millis(33)));  // nothing new
  EXPECT_EQ(compositor->stats().tiles_scaled, 9u);
  EXPECT_EQ(compositor->stats().unchanged, 1u);

  sources[4] = testing::MakePatternFrame(source_pool_, 640, 360, 4, 1);
  frames[4] = {sources[4].get(), 2};
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(66)));
  EXPECT_EQ(compositor->stats().tiles_scaled, 10u);
  EXPECT_EQ(compositor->stats().tiles_kept, 8u);
  EXPECT_EQ(compositor->stats().in_place, 1u);  // nobody else held the canvas
  const auto rects = compositor->tile_rects();
  for (size_t i = 0; i < 9; ++i) {
    const auto stamp = ReadTestPatternStamp(CropView(compositor->canvas()->view(), rects[i]));
    ASSERT_TRUE(stamp.has_value()) << i;
    EXPECT_EQ(stamp->source_id, i);
    EXPECT_EQ(stamp->frame_index, i == 4 ? 1u : 0u) << i;
  }
  EXPECT_EQ(compositor->canvas()->frame_index(), 1u);  // the canvas's own count
  EXPECT_EQ(compositor->canvas()->pts(), TimeDelta::Millis(66));
  EXPECT_EQ(compositor->canvas()->source_id(), 7u);
}

// The canvas handed out is immutable: while someone holds it, the next tick draws into a
// new canvas that starts as a copy, and the held one keeps its pixels.
TEST_F(ViewCompositorTest, HeldCanvasIsNeverWrittenTheNextOneIsCopiedForward) {
  const Layout layout = *BuiltInLayout("2x2");
  auto compositor = Make();
  compositor->Configure(layout, {640, 360}, Everyone(layout));
  auto sources = FlatSources(4);
  auto frames = FramesOf(sources);
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Zero()));
  const SharedVideoFrame held = compositor->canvas();  // an encoder on another thread

  sources[1] = testing::MakeFlatFrame(source_pool_, 320, 180, SourceColor(9));
  frames[1] = {sources[1].get(), 2};
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(33)));
  EXPECT_NE(compositor->canvas().get(), held.get());
  EXPECT_EQ(compositor->stats().copied_forward, 1u);
  EXPECT_EQ(compositor->stats().tiles_scaled, 5u);
  EXPECT_EQ(LumaAt(*held, 400, 100), SourceColor(1).y);  // unchanged
  EXPECT_EQ(LumaAt(*compositor->canvas(), 400, 100), SourceColor(9).y);
  EXPECT_EQ(LumaAt(*compositor->canvas(), 100, 300), SourceColor(2).y);  // copied, not redrawn
}

TEST_F(ViewCompositorTest, OverlayIsRedrawnWithTheTileUnderIt) {
  const Layout layout = *BuiltInLayout("1+1");
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, Everyone(layout));
  auto sources = FlatSources(2);
  auto frames = FramesOf(sources);
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Zero()));
  frames[0].generation = 2;  // the main picture only
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(33)));
  EXPECT_EQ(compositor->stats().tiles_scaled, 4u);  // main and the inset over it
  const PixelRect inset = compositor->tile_rects()[1];
  EXPECT_EQ(LumaAt(*compositor->canvas(), inset.x + inset.width / 2, inset.y + inset.height / 2),
            SourceColor(1).y);
  frames[1].generation = 2;  // the inset only
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(66)));
  EXPECT_EQ(compositor->stats().tiles_scaled, 5u);
}

TEST_F(ViewCompositorTest, ContentChangeRedrawsOnlyThatTileAndNewLayoutEverything) {
  const Layout layout = *BuiltInLayout("3x3");
  auto tiles = Everyone(layout);
  auto compositor = Make();
  compositor->Configure(layout, {1280, 720}, tiles);
  const auto sources = FlatSources(9);
  const auto frames = FramesOf(sources);
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Zero()));
  tiles[6].site_name = "renamed";
  compositor->Configure(layout, {1280, 720}, tiles);
  ASSERT_TRUE(compositor->Compose(frames, TimeDelta::Millis(33)));
  EXPECT_EQ(compositor->stats().tiles_drawn, 10u);

  const Layout grid = *BuiltInLayout("2x2");
  compositor->Configure(grid, {1280, 720}, Everyone(grid));
  ASSERT_TRUE(compositor->Compose(FramesOf(FlatSources(4)), TimeDelta::Millis(66)));
  EXPECT_EQ(compositor->stats().tiles_drawn, 14u);
  EXPECT_EQ(compositor->stats().whole, 2u);
}

TEST_F(ViewCompositorTest, ExhaustedPoolKeepsThePreviousCanvasAndCatchesUpLater) {
  VideoFramePool tiny({.max_frames_per_size = 1, .max_sizes = 1});
  ViewCompositor compositor(style_, *labels_, tiny, 1);
  const Layout layout = *BuiltInLayout("2x2");
  compositor.Configure(layout, {640, 360}, Everyone(layout));
  auto sources = FlatSources(4);
  auto frames = FramesOf(sources);
  ASSERT_TRUE(compositor.Compose(frames, TimeDelta::Zero()));
  SharedVideoFrame held = compositor.canvas();
  frames[0].generation = 2;
  EXPECT_FALSE(compositor.Compose(frames, TimeDelta::Millis(33)));
  EXPECT_EQ(compositor.stats().canvas_unavailable, 1u);
  EXPECT_EQ(compositor.canvas().get(), held.get());
  held = SharedVideoFrame();
  EXPECT_TRUE(compositor.Compose(frames, TimeDelta::Millis(66)));  // the missed tile now
  EXPECT_EQ(compositor.stats().in_place, 1u);
}

// Whatever the layout, labels, slates, fits and source sizes, nothing is written outside
// the canvas's planes: every byte of padding and slack in the canvas allocation keeps its
// guard value (ASan covers writes beyond the allocation).
TEST_F(ViewCompositorTest, NeverWritesOutsideTheCanvas) {
  style_.labels = LabelMode::kShown;
  {
    std::vector<WritableVideoFrame> primed;
    for (int i = 0; i < 8; ++i) {
      primed.push_back(canvas_pool_.Acquire(640, 360));
      testing::FillGuard(*primed.back());
    }
  }  // back to the pool, guard bytes and all
  std::string long_name;
  for (int i = 0; i < 30; ++i) long_name += kTrieuSon;
  auto edge_layout = Layout::Create(
      "edges", {LayoutTile{.x = 0, .y = 0, .w = 6000, .h = 10000, .fit = TileFit::kCrop},
                LayoutTile{.x = 6000, .y = 0, .w = 4000, .h = 300},
                LayoutTile{.x = 9800, .y = 9700, .w = 200, .h = 300, .z = 2, .overlay = true, .fit = TileFit::kCrop}});
  ASSERT_TRUE(edge_layout.has_value()) << edge_layout.error().message;
  std::vector<Layout> layouts = {*edge_layout};
  for (std::string_view name : BuiltInLayoutNames()) layouts.push_back(*BuiltInLayout(name));
  for (const Layout& layout : layouts) {
    SCOPED_TRACE(layout.name());
    auto tiles = Everyone(layout);
    for (size_t i = 0; i < tiles.size(); ++i) {
      tiles[i].site_name = long_name;
      if (i % 3 == 1) tiles[i].signal = TileSignal::kNoSignal;
      if (i == 0) tiles[i].highlight = TileHighlight::kOn;
    }
    ViewCompositor compositor(style_, *labels_, canvas_pool_, 1);
    compositor.Configure(layout, {640, 360}, tiles);
    std::vector<SharedVideoFrame> sources;
    const int sizes[][2] = {{333, 199}, {2, 2}, {1920, 1080}, {100, 700}, {701, 3}};
    for (size_t k = 0; k < tiles.size(); ++k) {
      sources.push_back(testing::MakeFlatFrame(source_pool_, sizes[k % 5][0], sizes[k % 5][1], SourceColor(k)));
    }
    ASSERT_TRUE(compositor.Compose(FramesOf(sources), TimeDelta::Zero()));
    EXPECT_EQ(testing::GuardBytesChanged(*compositor.canvas()), 0u);
  }
}

}  // namespace
}  // namespace softmcu
