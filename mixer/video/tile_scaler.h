#pragma once
// Scales one source picture into one tile of a canvas: the compositor's use of
// VideoScaler, with the one refinement a conference needs when it shrinks pictures a lot.
//
// Shrinking by more than 2x (a 720p picture into a 3x3 tile) through a 2-tap filter skips
// source pixels and aliases; libyuv's box filter averages them all but its column pass is
// plain C and costs 3x a bilinear pass, which breaks the budget of a conference tick. So by
// default (Prefilter::kHalveAbove2x) the source is first halved with an exact 2x2 box
// average, as often as needed until at most 2x remains, into a small scratch picture that
// stays in cache (libyuv's SIMD 2x path), and the last step into the canvas is the policy's
// filter. Every source pixel still contributes; the figures that chose this are in
// mixer/README.md "Which scaler".
//
// Ownership and threads: owned by one ViewCompositor, one thread. Scratch pictures come
// from its own pool: nothing is allocated per frame once each source size has been seen.

#include <cstdint>

#include "media/video/i420_view.h"
#include "media/video/video_frame_pool.h"
#include "media/video/video_scaler.h"

namespace softmcu {

enum class Prefilter { kNone, kHalveAbove2x };

struct ScalePolicy {
  // The pass that writes the tile into the canvas.
  ScaleFilter filter = ScaleFilter::kLibyuvBilinear;
  Prefilter prefilter = Prefilter::kHalveAbove2x;
};

// Writes the 2x2-box average of `src` into `half` (half.width() == src.width / 2,
// half.height() == src.height / 2, rounded down).
void HalveWithBox(const I420View& src, VideoFrame& half);

class TileScaler {
 public:
  explicit TileScaler(ScalePolicy policy);
  TileScaler(const TileScaler&) = delete;
  TileScaler& operator=(const TileScaler&) = delete;

  // All of `src` into `rect` of `canvas` (rect inside the canvas).
  void Scale(const I420View& src, const I420MutableView& canvas, PixelRect rect);

  uint64_t halvings() const { return halvings_; }

 private:
  const ScalePolicy policy_;
  VideoScaler scaler_;
  VideoFramePool scratch_;
  uint64_t halvings_ = 0;
};

}  // namespace softmcu
