#pragma once
// Tile rectangles of the layouts an MCU composes (the standard grids and main-plus-small
// layouts: 1x1, 1+1, 2x2, 1+5, 1+7, 3x3, 1+12, 4x4, 5x5), on a canvas of a given size, for
// the stamp reader to look into. Geometry comes from mixer/layout's built-ins, which are
// the conventional shapes hardware MCUs use too (equal grids, a 2/3 or 3/4 main tile).
//
// Kept in its own translation unit: mixer/layout/canvas_mapper.h and media/video/i420_view.h
// both define softmcu::PixelRect, so no file may include both; tiles leave here as
// StampRect. Pure functions; any thread.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "tools/loadgen/stamp_rect.h"

namespace softmcu::loadgen {

struct TileLayout {
  std::string name;
  std::vector<StampRect> tiles;  // main tile first (if any), then reading order
};

class TileLayouts {
 public:
  // Every built-in layout mapped onto a width x height canvas (even sizes >= 160x120).
  static std::vector<TileLayout> All(int width, int height);
  // One by name ("3x3"); kNotFound lists the names.
  static Result<TileLayout> Named(std::string_view name, int width, int height);
  static std::vector<std::string> Names();
};

}  // namespace softmcu::loadgen
