#include "tools/loadgen/tile_layouts.h"

#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/canvas_mapper.h"

namespace softmcu::loadgen {

Result<TileLayout> TileLayouts::Named(std::string_view name, int width, int height) {
  auto layout = BuiltInLayout(name);
  if (!layout) return tl::unexpected(layout.error());
  const CanvasSize canvas{width, height};
  if (!canvas.IsValid()) {
    return MakeError(ErrorCode::kInvalidArgument, "canvas " + std::to_string(width) + "x" + std::to_string(height) +
                                                      " is not an even size of at least 160x120");
  }
  TileLayout out{layout->name(), {}};
  for (const PixelRect& r : MapToCanvas(*layout, canvas)) out.tiles.push_back({r.x, r.y, r.width, r.height});
  return out;
}

std::vector<TileLayout> TileLayouts::All(int width, int height) {
  std::vector<TileLayout> all;
  for (std::string_view name : BuiltInLayoutNames()) {
    if (auto layout = Named(name, width, height)) all.push_back(std::move(*layout));
  }
  return all;
}

std::vector<std::string> TileLayouts::Names() {
  std::vector<std::string> names;
  for (std::string_view name : BuiltInLayoutNames()) names.emplace_back(name);
  return names;
}

}  // namespace softmcu::loadgen
