#pragma once
// Scales an I420 picture into a rectangle of a destination picture: the compositor's
// primitive, writing each tile straight into the canvas (no intermediate frame, no copy).
//
// Two libraries, same contract, picked by `ScaleFilter`:
//   - libswscale (FFmpeg): fast bilinear, bilinear, Lanczos (the quality reference);
//   - libyuv: bilinear, box.
// The default, and why, is in media/video/README.md (measured by `softmcu-bench media`).
//
// Rectangle rule (any position and size, odd included): luma is written exactly inside
// the rectangle. A chroma sample covers a 2x2 block of luma, so at an odd edge it is shared
// with a pixel outside; only chroma samples whose whole block is inside are written, so a
// tile never changes the colour of its neighbour or the canvas border. (The cost: a column
// or row of chroma at an odd edge keeps the canvas's colour. Layouts on even coordinates
// have none.) A rectangle must lie within the destination (checked: programmer error).
//
// libswscale stores a few bytes past each row's end and the scaler restores them after
// (see SaveGuard), so with the swscale filters the tiles of one canvas must be
// scaled one after another, never concurrently. libyuv writes exactly the rectangle.
//
// Threading: one instance per thread; it caches libswscale contexts (one per source size,
// destination size and filter, a few at a time) so steady-state scaling allocates nothing.

#include <cstdint>
#include <memory>
#include <vector>

#include "media/video/i420_view.h"
#include "media/video/video_frame.h"

struct SwsContext;

namespace softmcu {

enum class ScaleFilter {
  kSwscaleFastBilinear,
  kSwscaleBilinear,
  kSwscaleLanczos,  // slow; a reference for measuring the others
  kLibyuvBilinear,
  kLibyuvBox,
};

const char* ToString(ScaleFilter filter);

class VideoScaler {
 public:
  // Chosen by the media bench (quality vs cost), see README.md.
  static constexpr ScaleFilter kDefaultFilter = ScaleFilter::kLibyuvBox;

  explicit VideoScaler(ScaleFilter filter = kDefaultFilter);
  ~VideoScaler();
  VideoScaler(const VideoScaler&) = delete;
  VideoScaler& operator=(const VideoScaler&) = delete;

  // Scales all of `src` into `rect` of `dst`. An empty rectangle is a no-op.
  void Scale(const I420View& src, const I420MutableView& dst, PixelRect rect);
  void Scale(const VideoFrame& src, VideoFrame& dst, PixelRect rect) {
    Scale(src.view(), dst.mutable_view(), rect);
  }

  ScaleFilter filter() const { return filter_; }
  // libswscale refused a size (it has minimums for some filters); libyuv did the plane.
  uint64_t fallbacks() const { return fallbacks_; }

 private:
  struct PlaneJob {
    const uint8_t* src;
    int src_stride;
    int src_width;
    int src_height;
    uint8_t* dst;
    int dst_stride;
    int dst_width;
    int dst_height;
  };
  struct SwsContextDeleter {
    void operator()(SwsContext* context) const;
  };
  enum class Layout { kPlane, kI420 };
  struct CachedContext {
    Layout layout;
    int src_width, src_height, dst_width, dst_height;
    std::unique_ptr<SwsContext, SwsContextDeleter> context;
    uint64_t last_used;
  };

  // Bytes right of each destination row restored after libswscale (see .cc).
  static constexpr int kSwsOverwriteGuard = 64;

  void ScalePlane(const PlaneJob& job);
  // One libswscale call for all three planes: rectangle on even coordinates only.
  bool ScaleI420Swscale(const I420View& src, const I420MutableView& dst, PixelRect rect);
  SwsContext* ContextFor(Layout layout, int src_width, int src_height, int dst_width, int dst_height);
  // Saves the bytes libswscale may over-write right of each row of `job`'s destination.
  void SaveGuard(const PlaneJob& job, size_t slot);
  void RestoreGuard(const PlaneJob& job, size_t slot);

  const ScaleFilter filter_;
  std::vector<CachedContext> contexts_;
  std::vector<uint8_t> guard_bytes_[3];  // one per plane; reused: no allocation in steady state
  uint64_t use_counter_ = 0;
  uint64_t fallbacks_ = 0;
};

}  // namespace softmcu
