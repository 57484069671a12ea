#include "mixer/video/paint.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>

#include "mixer/video/label_renderer.h"

namespace softmcu {
namespace {

uint8_t Clamp8(int v) {
  return static_cast<uint8_t>(std::clamp(v, 0, 255));
}

// The chroma samples a luma rectangle touches (its even hull, halved).
PixelRect ChromaHull(PixelRect luma) {
  const int x0 = luma.x / 2;
  const int y0 = luma.y / 2;
  const int x1 = (luma.right() + 1) / 2;
  const int y1 = (luma.bottom() + 1) / 2;
  return {x0, y0, x1 - x0, y1 - y0};
}

uint8_t* Row(const I420MutableView& v, Plane p, int y) {
  return v.plane(p) + static_cast<ptrdiff_t>(y) * v.plane_stride(p);
}

// Calls fn(row pointer, x0, x1) for each row of `rect` in plane `p` (rect already clipped).
template <typename Fn>
void ForRows(const I420MutableView& canvas, Plane p, PixelRect rect, Fn fn) {
  for (int y = rect.y; y < rect.bottom(); ++y) fn(Row(canvas, p, y), rect.x, rect.right());
}

uint8_t Blend(uint8_t under, uint8_t over, int alpha) {
  return static_cast<uint8_t>((under * (255 - alpha) + over * alpha + 127) / 255);
}

}  // namespace

YuvColor YuvFromRgb(uint8_t r, uint8_t g, uint8_t b) {
  // BT.601 studio range, as every H.264 decoder assumes without VUI colour information.
  const double y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255.0;
  const double u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255.0;
  const double v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255.0;
  return {Clamp8(static_cast<int>(std::lround(y))), Clamp8(static_cast<int>(std::lround(u))),
          Clamp8(static_cast<int>(std::lround(v)))};
}

PixelRect Intersect(PixelRect a, PixelRect b) {
  const int x0 = std::max(a.x, b.x);
  const int y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.right(), b.right());
  const int y1 = std::min(a.bottom(), b.bottom());
  if (x1 <= x0 || y1 <= y0) return {};
  return {x0, y0, x1 - x0, y1 - y0};
}

PixelRect ClipToCanvas(PixelRect rect, int width, int height) {
  return Intersect(rect, {0, 0, width, height});
}

void FillRect(const I420MutableView& canvas, PixelRect rect, YuvColor color) {
  rect = ClipToCanvas(rect, canvas.width, canvas.height);
  if (rect.empty()) return;
  ForRows(canvas, Plane::kY, rect, [&](uint8_t* row, int x0, int x1) { std::memset(row + x0, color.y, x1 - x0); });
  const PixelRect c = ChromaHull(rect);
  ForRows(canvas, Plane::kU, c, [&](uint8_t* row, int x0, int x1) { std::memset(row + x0, color.u, x1 - x0); });
  ForRows(canvas, Plane::kV, c, [&](uint8_t* row, int x0, int x1) { std::memset(row + x0, color.v, x1 - x0); });
}

void DrawLumaEdges(const I420MutableView& canvas, PixelRect rect, int thickness, uint8_t luma, uint8_t edges) {
  if (thickness <= 0) return;
  const int t = std::min({thickness, rect.width, rect.height});
  auto line = [&](PixelRect r) {
    r = ClipToCanvas(r, canvas.width, canvas.height);
    if (r.empty()) return;
    ForRows(canvas, Plane::kY, r, [&](uint8_t* row, int x0, int x1) { std::memset(row + x0, luma, x1 - x0); });
  };
  if (edges & kEdgeTop) line({rect.x, rect.y, rect.width, t});
  if (edges & kEdgeBottom) line({rect.x, rect.bottom() - t, rect.width, t});
  if (edges & kEdgeLeft) line({rect.x, rect.y, t, rect.height});
  if (edges & kEdgeRight) line({rect.right() - t, rect.y, t, rect.height});
}

void DrawFrame(const I420MutableView& canvas, PixelRect rect, int thickness, YuvColor color) {
  if (thickness <= 0) return;
  const int t = std::min({thickness, rect.width, rect.height});
  FillRect(canvas, {rect.x, rect.y, rect.width, t}, color);
  FillRect(canvas, {rect.x, rect.bottom() - t, rect.width, t}, color);
  FillRect(canvas, {rect.x, rect.y, t, rect.height}, color);
  FillRect(canvas, {rect.right() - t, rect.y, t, rect.height}, color);
}

void DimRect(const I420MutableView& canvas, PixelRect rect, int luma_keep, int chroma_keep) {
  rect = ClipToCanvas(rect, canvas.width, canvas.height);
  if (rect.empty()) return;
  ForRows(canvas, Plane::kY, rect, [&](uint8_t* row, int x0, int x1) {
    for (int x = x0; x < x1; ++x) row[x] = static_cast<uint8_t>(16 + ((row[x] - 16) * luma_keep >> 8));
  });
  const PixelRect c = ChromaHull(rect);
  for (Plane p : {Plane::kU, Plane::kV}) {
    ForRows(canvas, p, c, [&](uint8_t* row, int x0, int x1) {
      for (int x = x0; x < x1; ++x) row[x] = static_cast<uint8_t>(128 + ((row[x] - 128) * chroma_keep >> 8));
    });
  }
}

void BlendRect(const I420MutableView& canvas, PixelRect rect, YuvColor color, uint8_t alpha) {
  rect = ClipToCanvas(rect, canvas.width, canvas.height);
  if (rect.empty()) return;
  ForRows(canvas, Plane::kY, rect, [&](uint8_t* row, int x0, int x1) {
    for (int x = x0; x < x1; ++x) row[x] = Blend(row[x], color.y, alpha);
  });
  const PixelRect c = ChromaHull(rect);
  ForRows(canvas, Plane::kU, c, [&](uint8_t* row, int x0, int x1) {
    for (int x = x0; x < x1; ++x) row[x] = Blend(row[x], color.u, alpha);
  });
  ForRows(canvas, Plane::kV, c, [&](uint8_t* row, int x0, int x1) {
    for (int x = x0; x < x1; ++x) row[x] = Blend(row[x], color.v, alpha);
  });
}

void BlendMask(const I420MutableView& canvas, const LabelBitmap& mask, int x, int y, PixelRect clip,
               YuvColor color) {
  const PixelRect area =
      Intersect(ClipToCanvas(clip, canvas.width, canvas.height), {x, y, mask.width, mask.height});
  if (area.empty()) return;
  auto coverage = [&](int cx, int cy) -> int {  // canvas coordinates; 0 outside the drawn area
    if (cx < area.x || cx >= area.right() || cy < area.y || cy >= area.bottom()) return 0;
    return mask.at(cx - x, cy - y);
  };
  for (int cy = area.y; cy < area.bottom(); ++cy) {
    uint8_t* row = Row(canvas, Plane::kY, cy);
    const uint8_t* coverage_row = &mask.alpha[static_cast<size_t>(cy - y) * mask.width];
    for (int cx = area.x; cx < area.right(); ++cx) {
      if (const int a = coverage_row[cx - x]; a > 0) row[cx] = Blend(row[cx], color.y, a);
    }
  }
  const PixelRect c = ChromaHull(area);
  for (int cy = c.y; cy < c.bottom(); ++cy) {
    uint8_t* u = Row(canvas, Plane::kU, cy);
    uint8_t* v = Row(canvas, Plane::kV, cy);
    for (int cx = c.x; cx < c.right(); ++cx) {
      const int a = (coverage(2 * cx, 2 * cy) + coverage(2 * cx + 1, 2 * cy) + coverage(2 * cx, 2 * cy + 1) +
                     coverage(2 * cx + 1, 2 * cy + 1) + 2) /
                    4;
      if (a == 0) continue;
      u[cx] = Blend(u[cx], color.u, a);
      v[cx] = Blend(v[cx], color.v, a);
    }
  }
}

void CopyRect(const I420View& src, const I420MutableView& dst, PixelRect rect) {
  rect = ClipToCanvas(rect, std::min(src.width, dst.width), std::min(src.height, dst.height));
  if (rect.empty()) return;
  auto copy = [&](Plane p, PixelRect r) {
    for (int y = r.y; y < r.bottom(); ++y) {
      std::memcpy(Row(dst, p, y) + r.x, src.plane(p) + static_cast<ptrdiff_t>(y) * src.plane_stride(p) + r.x,
                  static_cast<size_t>(r.width));
    }
  };
  copy(Plane::kY, rect);
  const PixelRect c = ChromaHull(rect);
  copy(Plane::kU, c);
  copy(Plane::kV, c);
}

}  // namespace softmcu
