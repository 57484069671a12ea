#include "mixer/video/tile_scaler.h"

#include <libyuv/scale.h>

#include "core/check.h"

namespace softmcu {
namespace {

// A 1080p source into the smallest tile (5x5 of 640x360: 128 x 72) needs three halvings.
constexpr int kMaxHalvings = 4;

}  // namespace

void HalveWithBox(const I420View& src, VideoFrame& half) {
  SOFTMCU_CHECK(half.width() == src.width / 2 && half.height() == src.height / 2);
  // Exactly half of an even size takes libyuv's SIMD 2x2-box path.
  libyuv::I420Scale(src.plane(Plane::kY), src.plane_stride(Plane::kY), src.plane(Plane::kU),
                    src.plane_stride(Plane::kU), src.plane(Plane::kV), src.plane_stride(Plane::kV), src.width,
                    src.height, half.mutable_data(Plane::kY), half.stride(Plane::kY), half.mutable_data(Plane::kU),
                    half.stride(Plane::kU), half.mutable_data(Plane::kV), half.stride(Plane::kV), half.width(),
                    half.height(), libyuv::kFilterBox);
}

TileScaler::TileScaler(ScalePolicy policy)
    : policy_(policy),
      scaler_(policy.filter),
      // One scratch picture per halving level in use at a time, a few source sizes.
      scratch_({.max_frames_per_size = 2, .max_sizes = 2 * kMaxHalvings}) {}

void TileScaler::Scale(const I420View& src, const I420MutableView& canvas, PixelRect rect) {
  if (rect.empty()) return;
  I420View current = src;
  WritableVideoFrame levels[kMaxHalvings];
  for (int level = 0; policy_.prefilter == Prefilter::kHalveAbove2x && level < kMaxHalvings; ++level) {
    if (current.width <= 2 * rect.width && current.height <= 2 * rect.height) break;
    const int width = current.width / 2;
    const int height = current.height / 2;
    if (width < 2 || height < 2) break;
    levels[level] = scratch_.Acquire(width, height);
    if (!levels[level]) break;  // pool refused: scale from what we have
    VideoFrame& half = *levels[level];
    HalveWithBox(current, half);
    current = half.view();
    ++halvings_;
  }
  scaler_.Scale(current, canvas, rect);
}

}  // namespace softmcu
