// Fuzzes the operator layout parser (mixer/layout/layout_json.h): any text either gives a
// valid Layout or an error value, never a crash or an exception. An accepted layout must
// map to even pixel rectangles inside every canvas tier, must survive a JSON round trip
// unchanged, and no two of its tiles may overlap unless the upper one is an overlay.
// Seeds: tests/fuzz/corpus/layout_json/ (every built-in as JSON, the documented example,
// and a few near-misses).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mixer/layout/canvas_mapper.h"
#include "mixer/layout/layout_json.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu;
  using fuzz::Check;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto layout = ParseLayoutJson(text);
  if (!layout) {
    Check(!layout.error().message.empty());
    return 0;
  }
  Check(layout->tile_count() >= 1 && layout->tile_count() <= kMaxLayoutTiles);

  for (CanvasSize canvas : {CanvasSize{1920, 1080}, CanvasSize{1280, 720}, CanvasSize{640, 360},
                            CanvasSize{CanvasSize::kMinWidth, CanvasSize::kMinHeight}}) {
    const auto rects = MapToCanvas(*layout, canvas);
    Check(rects.size() == layout->tile_count());
    for (const PixelRect& r : rects) {
      Check(r.x >= 0 && r.y >= 0 && r.width >= 2 && r.height >= 2);
      Check(r.right() <= canvas.width && r.bottom() <= canvas.height);
      Check(r.x % 2 == 0 && r.y % 2 == 0 && r.width % 2 == 0 && r.height % 2 == 0);
    }
  }
  for (size_t i = 0; i < layout->tile_count(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const LayoutTile& a = layout->tile(i);
      const LayoutTile& b = layout->tile(j);
      if (!TilesOverlap(a, b)) continue;
      Check((a.z > b.z && a.overlay) || (b.z > a.z && b.overlay));
    }
  }
  auto back = ParseLayoutJson(LayoutToJson(*layout));
  Check(back.has_value() && *back == *layout);
  return 0;
}
