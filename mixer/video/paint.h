#pragma once
// The compositor's drawing primitives on an I420 canvas: fills, borders, dimming, a
// translucent box and a coverage mask (a label) blended in a colour.
//
// Every primitive clips what it is given to the canvas (and, for masks, to a clip
// rectangle), so no call can write outside the picture whatever the rectangle says.
// Luma is written exactly inside the (clipped) rectangle. Chroma samples cover 2x2 luma
// pixels: a primitive writes the chroma samples that the rectangle touches (its even
// hull). Tiles are on even coordinates (canvas_mapper.h), so the hull of anything drawn
// inside a tile stays inside that tile.
//
// Colours are studio-range BT.601 Y'CbCr (Y 16..235, Cb/Cr 16..240), what H.264
// terminals assume for an unsignalled stream.

#include <cstdint>

#include "media/video/i420_view.h"

namespace softmcu {

struct LabelBitmap;

struct YuvColor {
  uint8_t y = 16;
  uint8_t u = 128;
  uint8_t v = 128;
  friend bool operator==(const YuvColor&, const YuvColor&) = default;
};

// From 8-bit R'G'B' (BT.601, studio range), for colours configured as RGB.
YuvColor YuvFromRgb(uint8_t r, uint8_t g, uint8_t b);

// The rectangle's part inside a width x height picture (empty if none).
PixelRect Intersect(PixelRect a, PixelRect b);
PixelRect ClipToCanvas(PixelRect rect, int width, int height);

void FillRect(const I420MutableView& canvas, PixelRect rect, YuvColor color);

// Sides of a rectangle, for borders drawn only where a tile meets another.
enum EdgeMask : uint8_t { kEdgeLeft = 1, kEdgeTop = 2, kEdgeRight = 4, kEdgeBottom = 8, kAllEdges = 15 };

// A frame `thickness` pixels wide inside `rect` on the given sides, luma only: the thin
// line between tiles (chroma is left to the picture under it, so a 1-pixel line needs no
// chroma alignment).
void DrawLumaEdges(const I420MutableView& canvas, PixelRect rect, int thickness, uint8_t luma, uint8_t edges);

// A frame `thickness` pixels wide inside `rect` on every side, in all planes (the
// highlight of the speaking tile). Even rect and thickness keep chroma exact.
void DrawFrame(const I420MutableView& canvas, PixelRect rect, int thickness, YuvColor color);

// Darkens and desaturates: luma towards black by `luma_keep`/256, chroma towards grey by
// `chroma_keep`/256 (the "no signal" slate over a lost point's last picture).
void DimRect(const I420MutableView& canvas, PixelRect rect, int luma_keep, int chroma_keep);

// Blends `color` over `rect` with opacity `alpha`/255 (the box behind a label).
void BlendRect(const I420MutableView& canvas, PixelRect rect, YuvColor color, uint8_t alpha);

// Blends `color` through `mask` placed with its top-left corner at (x, y), only inside
// `clip` (and the canvas). Chroma uses the mean coverage of each 2x2 block.
void BlendMask(const I420MutableView& canvas, const LabelBitmap& mask, int x, int y, PixelRect clip,
               YuvColor color);

// Copies `rect` of `src` into the same place of `dst` (same size pictures).
void CopyRect(const I420View& src, const I420MutableView& dst, PixelRect rect);

}  // namespace softmcu
