#pragma once
// Where things go inside one tile: the source picture (letterboxed or cropped, on even
// coordinates so chroma stays aligned) and the site-name label. Pure arithmetic, no pixels.

#include "media/video/i420_view.h"
#include "mixer/layout/layout.h"

namespace softmcu {

// An aspect mismatch up to this share of a dimension is absorbed by stretching rather than
// shown as bars or cut off: a 16:9 picture in a 428 x 240 tile would otherwise get two
// 1-pixel bars, and a 2 % stretch is invisible.
inline constexpr int kAspectSlackPercent = 2;

struct PicturePlacement {
  PixelRect source;   // the part of the source picture to scale (x, y even)
  PixelRect content;  // where it goes on the canvas: inside the tile, even
};

// `tile` is even (canvas_mapper.h); the source is src_width x src_height (> 0).
//  - kLetterbox: the whole source, as large as fits with its aspect, centred; the rest of
//    the tile is left for the background.
//  - kCrop: the tile is filled; the source is cut equally on both sides of the long axis.
PicturePlacement PlacePicture(int src_width, int src_height, PixelRect tile, TileFit fit);

// The view of `rect` of `picture` (x, y even: chroma offsets are halved).
I420View CropView(const I420View& picture, PixelRect rect);

struct LabelStyleMetrics {
  int pixel_size = 0;  // font size for labels in this tile
  int padding = 0;     // inside the box, around the text
  int margin = 0;      // from the tile edge to the box
  int max_text_width = 0;
};

// Label metrics for a tile: the font scales with the tile height (`height_permille` of
// it), within min..max pixels; the margin keeps the box clear of a highlight frame
// `highlight_px` wide.
LabelStyleMetrics LabelMetricsFor(PixelRect tile, int height_permille, int min_px, int max_px, int highlight_px);

struct LabelPlacement {
  PixelRect box;  // the translucent box, clipped to the tile
  int text_x = 0;  // top-left corner of the mask (may be outside the tile: draw clipped)
  int text_y = 0;
};

// The label at the bottom-left of `tile` for a mask of mask_width x mask_height. A tile too
// small for the box shows the part that fits (the box is clipped, the text is drawn
// clipped to the tile).
LabelPlacement PlaceLabel(PixelRect tile, const LabelStyleMetrics& metrics, int mask_width, int mask_height);

}  // namespace softmcu
