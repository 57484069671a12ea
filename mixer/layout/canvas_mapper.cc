#include "mixer/layout/canvas_mapper.h"

#include <cstdint>

#include "core/check.h"

namespace softmcu {

bool CanvasSize::IsValid() const {
  return width % 2 == 0 && height % 2 == 0 && width >= kMinWidth && height >= kMinHeight &&
         width <= kMaxDimension && height <= kMaxDimension;
}

int LayoutEdgeToPixels(int units, int size) {
  // Nearest even pixel, halves rounded up: 2 * floor(u*size/(2*U) + 1/2).
  const int64_t num = static_cast<int64_t>(units) * size;
  return static_cast<int>((num + kLayoutUnits) / (2 * kLayoutUnits) * 2);
}

void MapToCanvas(const Layout& layout, CanvasSize canvas, std::span<PixelRect> out) {
  SOFTMCU_CHECK(canvas.IsValid());
  SOFTMCU_CHECK(out.size() >= layout.tile_count());
  for (size_t i = 0; i < layout.tile_count(); ++i) {
    const LayoutTile& t = layout.tile(i);
    const int left = LayoutEdgeToPixels(t.x, canvas.width);
    const int top = LayoutEdgeToPixels(t.y, canvas.height);
    out[i] = PixelRect{.x = left,
                       .y = top,
                       .width = LayoutEdgeToPixels(t.right(), canvas.width) - left,
                       .height = LayoutEdgeToPixels(t.bottom(), canvas.height) - top};
  }
}

std::vector<PixelRect> MapToCanvas(const Layout& layout, CanvasSize canvas) {
  std::vector<PixelRect> rects(layout.tile_count());
  MapToCanvas(layout, canvas, rects);
  return rects;
}

}  // namespace softmcu
