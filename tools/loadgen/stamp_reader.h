#pragma once
// Reads one stamp (StampCode) out of a rectangle of a decoded picture: the endpoint's own
// picture, or the tile an MCU scaled it into. The rectangle's top band holds the two rows
// of 20 cells; `band_fraction` is the band's share of the rectangle's height
// (StampGeometry::band_fraction of the rendition that was sent: 16/90 for 720p, 360p, 180p).
//
// Each cell is measured over its middle half (away from edges blurred by scaling, the
// MCU's encoder and its deblocking). Levels are not assumed: black and white are taken
// from the four sync cells, so an MCU that changes brightness or contrast (or limits the
// range) still reads. A cell nearer the middle than a quarter of the black-white distance
// makes the whole read fail: a blurred or covered stamp is reported as unreadable, never
// guessed. The CRC then catches what classification let through.
//
// Input is decoded MCU output (network input): any picture, any rectangle; rectangles are
// clipped to the picture and a rectangle too small to hold cells reads as nothing.
// Pure function; any thread.

#include <optional>

#include "media/video/i420_view.h"
#include "tools/loadgen/stamp_code.h"
#include "tools/loadgen/stamp_rect.h"

namespace softmcu::loadgen {

class StampReader {
 public:
  // Below this contrast between the sync cells' black and white, nothing is read.
  static constexpr int kMinContrast = 60;
  // Each cell must measure at least 2 pixels on a side after clipping.
  static constexpr int kMinCellPixels = 2;

  static std::optional<VideoStamp> Read(const I420View& picture, StampRect rect, double band_fraction);
};

}  // namespace softmcu::loadgen
