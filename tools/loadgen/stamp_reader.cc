#include "tools/loadgen/stamp_reader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>

namespace softmcu::loadgen {
namespace {

// Mean luma of [x0, x1) x [y0, y1); the rectangle is already clipped to the picture.
int MeanLuma(const I420View& p, int x0, int x1, int y0, int y1) {
  int64_t sum = 0;
  const uint8_t* plane = p.plane(Plane::kY);
  const int stride = p.plane_stride(Plane::kY);
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = plane + static_cast<ptrdiff_t>(y) * stride;
    for (int x = x0; x < x1; ++x) sum += row[x];
  }
  return static_cast<int>(sum / (static_cast<int64_t>(x1 - x0) * (y1 - y0)));
}

}  // namespace

std::optional<VideoStamp> StampReader::Read(const I420View& picture, StampRect rect, double band_fraction) {
  if (picture.plane(Plane::kY) == nullptr || !(band_fraction > 0.0) || band_fraction > 1.0) return std::nullopt;
  // Clip to the picture.
  const int left = std::max(rect.x, 0);
  const int top = std::max(rect.y, 0);
  const int right = std::min(rect.x + std::max(rect.width, 0), picture.width);
  const int bottom = std::min(rect.y + std::max(rect.height, 0), picture.height);
  if (right - left < StampCode::kColumns * 2 * kMinCellPixels || bottom - top <= 0) return std::nullopt;
  const double band_height = band_fraction * rect.height;
  const double cell_width = static_cast<double>(rect.width) / StampCode::kColumns;
  const double cell_height = band_height / StampCode::kRows;

  std::array<int, StampCode::kCells> means{};
  for (int row = 0; row < StampCode::kRows; ++row) {
    const int y0 = std::max(top, rect.y + static_cast<int>(std::lround(cell_height * (row + 0.25))));
    const int y1 = std::min(bottom, rect.y + static_cast<int>(std::lround(cell_height * (row + 0.75))));
    if (y1 - y0 < kMinCellPixels) return std::nullopt;
    for (int column = 0; column < StampCode::kColumns; ++column) {
      const int x0 = std::max(left, rect.x + static_cast<int>(std::lround(cell_width * (column + 0.25))));
      const int x1 = std::min(right, rect.x + static_cast<int>(std::lround(cell_width * (column + 0.75))));
      if (x1 - x0 < kMinCellPixels) return std::nullopt;
      means[static_cast<size_t>(row * StampCode::kColumns + column)] = MeanLuma(picture, x0, x1, y0, y1);
    }
  }
  // Black and white as the sync cells show them.
  int white = 0;
  int black = 0;
  for (int s = 0; s < 4; ++s) {
    const int m = means[static_cast<size_t>(StampCode::kSyncCells[s])];
    (StampCode::kSyncValues[s] ? white : black) += m;
  }
  white /= 2;
  black /= 2;
  if (white - black < kMinContrast) return std::nullopt;
  const int threshold = (white + black) / 2;
  const int margin = (white - black) / 4;
  uint64_t cells = 0;
  for (int i = 0; i < StampCode::kCells; ++i) {
    const int m = means[static_cast<size_t>(i)];
    if (std::abs(m - threshold) < margin) return std::nullopt;
    if (m > threshold) cells |= uint64_t{1} << i;
  }
  return StampCode::Decode(cells);
}

}  // namespace softmcu::loadgen
