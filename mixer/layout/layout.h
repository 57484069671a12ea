#pragma once
// The geometry of one composed picture ("khung hình", OPERATING-MODEL.md): tiles as
// rectangles in RELATIVE coordinates, independent of the canvas resolution.
//
// Coordinates are integers on a 10000 × 10000 grid (kLayoutUnits): 1 unit = 1/10000 of the
// canvas width or height. Integers make "these tiles abut" and "these tiles overlap" exact
// comparisons, with no epsilon; 1/3 is 3333 or 6667 and abutting edges are the same
// integer. JSON (layout_json.h) shows the same values as fractions 0..1 (0.3333).
//
// A Layout is immutable and always valid: the only way to get one is Create() (or the JSON
// parser and the built-ins, which call it). Plain value, cheap to copy, safe to share
// read-only between threads.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace softmcu {

inline constexpr int kLayoutUnits = 10'000;
inline constexpr size_t kMaxLayoutTiles = 25;  // 5x5, the largest built-in
// 2% of the canvas: at the smallest canvas MapToCanvas accepts (160 px wide) a tile is
// still at least 2 px after edges are rounded to even pixels.
inline constexpr int kMinTileUnits = 200;
inline constexpr int kMaxTileZ = 99;
inline constexpr size_t kMaxLayoutNameBytes = 64;

// How a picture whose aspect differs from its tile's is placed (the compositor's choice
// per tile): kLetterbox shows all of it with background bars; kCrop fills the tile and
// cuts the overflow equally from both sides.
enum class TileFit { kLetterbox, kCrop };

const char* ToString(TileFit fit);

struct LayoutTile {
  int x = 0;  // left edge, units of 1/kLayoutUnits of the canvas width
  int y = 0;  // top edge
  int w = 0;
  int h = 0;
  // Drawing order: higher z is drawn later (on top). Ties draw in tile-index order.
  int z = 0;
  // The tile the floor holder / active speaker goes to (at most one per layout).
  bool main = false;
  // The tile may cover tiles of lower z (a picture-in-picture inset). Any other overlap
  // is a layout error.
  bool overlay = false;
  TileFit fit = TileFit::kLetterbox;

  int right() const { return x + w; }
  int bottom() const { return y + h; }
  friend bool operator==(const LayoutTile&, const LayoutTile&) = default;
};

class Layout {
 public:
  // Validates and builds. Errors name the tile index: "tile 3: ..." (kOutOfRange for
  // geometry outside the canvas or too many tiles, kInvalidArgument for the rest).
  static Result<Layout> Create(std::string name, std::vector<LayoutTile> tiles);

  const std::string& name() const { return name_; }
  std::span<const LayoutTile> tiles() const { return tiles_; }
  size_t tile_count() const { return tiles_.size(); }
  const LayoutTile& tile(size_t index) const { return tiles_.at(index); }
  // Index of the main tile, if the layout has one (grids such as 3x3 do not).
  std::optional<size_t> main_tile() const { return main_tile_; }
  // Tile indices in drawing order (z ascending, then index).
  std::vector<size_t> DrawOrder() const;

  friend bool operator==(const Layout&, const Layout&) = default;

 private:
  Layout(std::string name, std::vector<LayoutTile> tiles, std::optional<size_t> main_tile)
      : name_(std::move(name)), tiles_(std::move(tiles)), main_tile_(main_tile) {}

  std::string name_;
  std::vector<LayoutTile> tiles_;
  std::optional<size_t> main_tile_;
};

// Whether the interiors of two tiles intersect (sharing an edge is not overlapping).
bool TilesOverlap(const LayoutTile& a, const LayoutTile& b);

}  // namespace softmcu
