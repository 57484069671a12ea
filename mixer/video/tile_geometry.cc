#include "mixer/video/tile_geometry.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/check.h"
#include "mixer/video/paint.h"

namespace softmcu {
namespace {

// Nearest even value of num/den (num, den > 0), at least 2.
int EvenRatio(int64_t num, int64_t den) {
  return std::max<int>(2, static_cast<int>((num + den) / (2 * den) * 2));
}

int Slack(int size) {
  return std::max(2, size * kAspectSlackPercent / 100);
}

}  // namespace

PicturePlacement PlacePicture(int src_width, int src_height, PixelRect tile, TileFit fit) {
  SOFTMCU_CHECK(src_width > 0 && src_height > 0);
  PicturePlacement out{{0, 0, src_width, src_height}, tile};
  // Source wider than the tile, compared without division: sw/sh > tw/th.
  const bool wider = static_cast<int64_t>(src_width) * tile.height > static_cast<int64_t>(src_height) * tile.width;
  if (fit == TileFit::kLetterbox) {
    int w = tile.width;
    int h = tile.height;
    if (wider) {
      h = std::min(tile.height, EvenRatio(static_cast<int64_t>(tile.width) * src_height, src_width));
    } else {
      w = std::min(tile.width, EvenRatio(static_cast<int64_t>(tile.height) * src_width, src_height));
    }
    if (tile.width - w <= Slack(tile.width) && tile.height - h <= Slack(tile.height)) return out;
    out.content = {tile.x + (tile.width - w) / 4 * 2, tile.y + (tile.height - h) / 4 * 2, w, h};
    return out;
  }
  // Crop: the part of the source with the tile's aspect. Sources are at least 2 x 2 to be
  // cropped at all (chroma offsets are halved).
  if (src_width < 2 || src_height < 2) return out;
  if (wider) {
    const int w = std::min(src_width, EvenRatio(static_cast<int64_t>(src_height) * tile.width, tile.height));
    if (src_width - w > Slack(src_width)) out.source = {(src_width - w) / 4 * 2, 0, w, src_height};
  } else {
    const int h = std::min(src_height, EvenRatio(static_cast<int64_t>(src_width) * tile.height, tile.width));
    if (src_height - h > Slack(src_height)) out.source = {0, (src_height - h) / 4 * 2, src_width, h};
  }
  return out;
}

I420View CropView(const I420View& picture, PixelRect rect) {
  SOFTMCU_CHECK(rect.x % 2 == 0 && rect.y % 2 == 0);
  SOFTMCU_CHECK(rect.x >= 0 && rect.y >= 0 && rect.right() <= picture.width && rect.bottom() <= picture.height);
  I420View out = picture;
  out.width = rect.width;
  out.height = rect.height;
  out.data[0] += static_cast<ptrdiff_t>(rect.y) * picture.stride[0] + rect.x;
  for (int p = 1; p < 3; ++p) out.data[p] += static_cast<ptrdiff_t>(rect.y / 2) * picture.stride[p] + rect.x / 2;
  return out;
}

LabelStyleMetrics LabelMetricsFor(PixelRect tile, int height_permille, int min_px, int max_px, int highlight_px) {
  LabelStyleMetrics m;
  m.pixel_size = std::clamp(tile.height * height_permille / 1000, min_px, max_px);
  m.padding = std::max(2, m.pixel_size / 4);
  m.margin = highlight_px + std::max(2, m.pixel_size / 4);
  m.max_text_width = std::max(0, tile.width - 2 * (m.margin + m.padding));
  return m;
}

LabelPlacement PlaceLabel(PixelRect tile, const LabelStyleMetrics& m, int mask_width, int mask_height) {
  // The mask's line height already holds the ascenders and descenders: half the padding
  // above and below is enough.
  const int w = mask_width + 2 * m.padding;
  const int h = mask_height + m.padding;
  const PixelRect box{tile.x + m.margin, tile.bottom() - m.margin - h, w, h};
  return {Intersect(box, tile), box.x + m.padding, box.y + m.padding / 2};
}

}  // namespace softmcu
