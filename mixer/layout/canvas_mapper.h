#pragma once
// A Layout on a concrete canvas (1920x1080, 1280x720, 640x360, ...): integer pixel
// rectangles the compositor scales each tile's picture into.
//
// Every EDGE is mapped, not every (x, w): edge u ↦ 2·round(u·size / (2·kLayoutUnits)).
// So: x, y, width, height are even (I420 chroma planes are half size); each edge is within
// 1 px of its exact position; tiles that abut in the layout abut in pixels (no gap, no
// overlap, since both use the same edge and the mapping is monotonic); nothing leaves the
// canvas; every tile is at least 2 px wide and high (kMinTileUnits).

#include <span>
#include <vector>

#include "media/video/i420_view.h"  // PixelRect
#include "mixer/layout/layout.h"

namespace softmcu {

struct CanvasSize {
  int width = 0;
  int height = 0;

  static constexpr int kMinWidth = 160;
  static constexpr int kMinHeight = 120;
  static constexpr int kMaxDimension = 8192;
  // Even, kMinWidth x kMinHeight .. kMaxDimension. The minimum keeps a kMinTileUnits tile
  // (2% of a dimension) above 2 px after edge rounding (each edge moves by at most 1 px).
  bool IsValid() const;
  friend bool operator==(const CanvasSize&, const CanvasSize&) = default;
};

// Pixel edge for layout edge `units` on a dimension of `size` pixels (size even).
int LayoutEdgeToPixels(int units, int size);

// One rect per tile, same index as layout.tiles(). `canvas` must be IsValid() (a
// programmer error otherwise: canvases come from the fixed view tiers).
std::vector<PixelRect> MapToCanvas(const Layout& layout, CanvasSize canvas);

// Allocation-free form: `out` has room for layout.tile_count() rects.
void MapToCanvas(const Layout& layout, CanvasSize canvas, std::span<PixelRect> out);

}  // namespace softmcu
