#include "tools/loadgen/stamp_geometry.h"

#include <algorithm>
#include <cmath>

namespace softmcu::loadgen {

StampGeometry::StampGeometry(int width, int height, int cell_mb_rows)
    : width_(width),
      height_(height),
      mb_width_((width + 15) / 16),
      mb_height_((height + 15) / 16),
      cell_mb_rows_(cell_mb_rows) {}

std::optional<StampGeometry> StampGeometry::For(int width, int height) {
  if (width < 320 || height < 144) return std::nullopt;
  const int cell_rows = std::max(1, static_cast<int>(std::lround(height / 180.0)));
  StampGeometry g(width, height, cell_rows);
  // The band, the guard row and at least as many rows of picture as the band has.
  if (g.guarded_rows() + g.band_mb_rows() > g.mb_height_) return std::nullopt;
  return g;
}

int StampGeometry::ColumnOfMb(int mb_x) const {
  int column = std::clamp(mb_x * 20 / mb_width_, 0, 19);
  while (column < 19 && ColumnStartMb(column + 1) <= mb_x) ++column;
  while (column > 0 && ColumnStartMb(column) > mb_x) --column;
  return column;
}

}  // namespace softmcu::loadgen
