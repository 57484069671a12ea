#include "media/video/test_pattern.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace softmcu {
namespace {

constexpr int kCells = 32;
constexpr int kIndexBits = 20;
constexpr int kSourceBits = 12;
static_assert(kIndexBits + kSourceBits == kCells);
constexpr uint8_t kBlack = 16;
constexpr uint8_t kWhite = 235;

uint32_t StampBits(uint32_t source_id, uint64_t frame_index) {
  const uint32_t index = static_cast<uint32_t>(frame_index & ((1u << kIndexBits) - 1));
  const uint32_t source = source_id & ((1u << kSourceBits) - 1);
  return index | (source << kIndexBits);
}

int CellX(int i, int width) {
  return static_cast<int>(static_cast<int64_t>(i) * width / kCells);
}
int StampHeight(int height) {
  return std::max(1, height / 16);
}

uint8_t Clamp8(double v) {
  return static_cast<uint8_t>(std::clamp(v, 0.0, 255.0));
}

}  // namespace

void DrawTestPattern(const I420MutableView& picture, uint32_t source_id, uint64_t frame_index,
                     PatternTexture texture) {
  const int w = picture.width;
  const int h = picture.height;
  const int box = std::max(2, std::min(w, h) / 6);
  // The box bounces across the picture, 8 px per frame horizontally, 5 vertically.
  auto bounce = [](int64_t pos, int range) {
    if (range <= 0) return 0;
    const int64_t period = 2 * static_cast<int64_t>(range);
    const int64_t p = pos % period;
    return static_cast<int>(p < range ? p : period - p);
  };
  const int box_x = bounce(static_cast<int64_t>(frame_index) * 8, w - box);
  const int box_y = bounce(static_cast<int64_t>(frame_index) * 5, h - box);
  const int stamp_h = StampHeight(h);
  const uint32_t bits = StampBits(source_id, frame_index);

  // The texture's sinusoids, separated into per-column tables (sin(a+b) = sin a cos b +
  // cos a sin b) so drawing costs no trigonometry per pixel.
  std::vector<double> sx1, cx1, sx2, sx3, cx3;
  if (texture == PatternTexture::kTextured) {
    for (auto* table : {&sx1, &cx1, &sx2, &sx3, &cx3}) table->resize(static_cast<size_t>(w));
    for (int x = 0; x < w; ++x) {
      sx1[x] = std::sin(x * 0.05);
      cx1[x] = std::cos(x * 0.05);
      sx2[x] = std::sin(x * 0.45);
      sx3[x] = std::sin(x * 1.9);
      cx3[x] = std::cos(x * 1.9);
    }
  }
  uint32_t noise = 0x9e3779b9u;  // fixed seed: the same picture for the same index
  uint8_t* y_plane = picture.plane(Plane::kY);
  for (int y = 0; y < h; ++y) {
    uint8_t* row = y_plane + static_cast<ptrdiff_t>(y) * picture.plane_stride(Plane::kY);
    const double sy1 = std::sin(y * 0.03), cy1 = std::cos(y * 0.03), sy2 = std::sin(y * 0.35);
    const double sy3 = std::sin(y * 0.7), cy3 = std::cos(y * 0.7);
    for (int x = 0; x < w; ++x) {
      double v = 40.0 + 150.0 * (static_cast<double>(x) / w + static_cast<double>(y) / h) / 2.0;
      if (texture == PatternTexture::kTextured) {
        v += 18.0 * (sx1[x] * cy1 + cx1[x] * sy1) + 12.0 * sx2[x] * sy2 + 8.0 * (sx3[x] * cy3 + cx3[x] * sy3);
        noise = noise * 1664525u + 1013904223u;
        v += static_cast<double>(noise >> 28) - 7.5;
      }
      if (x >= box_x && x < box_x + box && y >= box_y && y < box_y + box) {
        v = ((x - box_x) < box / 2) == ((y - box_y) < box / 2) ? 210.0 : 60.0;
      }
      row[x] = Clamp8(v);
    }
  }
  for (int y = 0; y < stamp_h; ++y) {
    uint8_t* row = y_plane + static_cast<ptrdiff_t>(y) * picture.plane_stride(Plane::kY);
    for (int i = 0; i < kCells; ++i) {
      const uint8_t value = (bits >> i) & 1u ? kWhite : kBlack;
      std::fill(row + CellX(i, w), row + CellX(i + 1, w), value);
    }
  }

  const int cw = ChromaSize(w);
  const int ch = ChromaSize(h);
  for (int y = 0; y < ch; ++y) {
    uint8_t* u = picture.plane(Plane::kU) + static_cast<ptrdiff_t>(y) * picture.plane_stride(Plane::kU);
    uint8_t* v = picture.plane(Plane::kV) + static_cast<ptrdiff_t>(y) * picture.plane_stride(Plane::kV);
    for (int x = 0; x < cw; ++x) {
      const bool in_box = 2 * x >= box_x && 2 * x < box_x + box && 2 * y >= box_y && 2 * y < box_y + box;
      const bool in_stamp = 2 * y < stamp_h;
      if (in_stamp) {
        u[x] = v[x] = 128;
      } else if (in_box) {
        u[x] = 90;
        v[x] = 180;
      } else {
        u[x] = Clamp8(98.0 + 60.0 * x / cw);
        v[x] = Clamp8(158.0 - 60.0 * y / ch);
      }
    }
  }
}

std::optional<TestPatternStamp> ReadTestPatternStamp(const I420View& picture) {
  const int w = picture.width;
  const int stamp_h = StampHeight(picture.height);
  uint32_t bits = 0;
  for (int i = 0; i < kCells; ++i) {
    // The middle half of the cell: away from edges blurred by scaling or compression.
    const int x0 = CellX(i, w);
    const int x1 = CellX(i + 1, w);
    const int cx0 = x0 + (x1 - x0) / 4;
    const int cx1 = std::max(cx0 + 1, x1 - (x1 - x0) / 4);
    const int cy0 = stamp_h / 4;
    const int cy1 = std::max(cy0 + 1, stamp_h - stamp_h / 4);
    int64_t sum = 0;
    int64_t count = 0;
    for (int y = cy0; y < cy1; ++y) {
      const uint8_t* row =
          picture.plane(Plane::kY) + static_cast<ptrdiff_t>(y) * picture.plane_stride(Plane::kY);
      for (int x = cx0; x < std::min(cx1, w); ++x) {
        sum += row[x];
        ++count;
      }
    }
    if (count == 0) return std::nullopt;
    const int64_t mean = sum / count;
    if (mean > 170) {
      bits |= 1u << i;
    } else if (mean >= 80) {
      return std::nullopt;
    }
  }
  return TestPatternStamp{bits >> kIndexBits, bits & ((1u << kIndexBits) - 1)};
}

}  // namespace softmcu
