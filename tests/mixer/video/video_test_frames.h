#pragma once
// Helpers for the compositor tests: flat-coloured pooled sources, pixel reads, and the
// guard check that nothing was written outside a picture's visible planes.

#include <cstdint>
#include <cstring>
#include <vector>

#include "media/video/video_frame_pool.h"
#include "mixer/video/paint.h"

namespace softmcu::testing {

inline void FillFrame(VideoFrame& frame, YuvColor color) {
  FillRect(frame.mutable_view(), {0, 0, frame.width(), frame.height()}, color);
}

inline SharedVideoFrame MakeFlatFrame(VideoFramePool& pool, int width, int height, YuvColor color,
                                      uint32_t source_id = 0, uint64_t index = 0) {
  WritableVideoFrame frame = pool.Acquire(width, height);
  FillFrame(*frame, color);
  frame->set_source_id(source_id);
  frame->set_frame_index(index);
  return std::move(frame).Share();
}

inline uint8_t LumaAt(const VideoFrame& f, int x, int y) {
  return f.data(Plane::kY)[static_cast<size_t>(y) * f.stride(Plane::kY) + x];
}
// Chroma at the sample covering luma pixel (x, y).
inline uint8_t ChromaAt(const VideoFrame& f, Plane p, int x, int y) {
  return f.data(p)[static_cast<size_t>(y / 2) * f.stride(p) + x / 2];
}

// Pixels of `rect` whose luma is `value`.
inline int CountLuma(const VideoFrame& f, PixelRect rect, uint8_t value) {
  int n = 0;
  for (int y = rect.y; y < rect.bottom(); ++y)
    for (int x = rect.x; x < rect.right(); ++x) n += LumaAt(f, x, y) == value;
  return n;
}

inline constexpr uint8_t kGuardByte = 0xA5;

// Fills a frame's whole allocation (padding, rows past the picture, gaps between planes)
// with kGuardByte.
inline void FillGuard(VideoFrame& frame) {
  std::memset(frame.storage(), kGuardByte, frame.storage_size());
}

// Bytes of the allocation outside the visible planes that are no longer kGuardByte:
// writes outside the picture (the planes' visible parts are not looked at).
inline size_t GuardBytesChanged(const VideoFrame& frame) {
  VideoFrame& f = const_cast<VideoFrame&>(frame);  // storage() is the raw allocation; read only here
  std::vector<bool> visible(f.storage_size(), false);
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const bool luma = p == Plane::kY;
    const int w = luma ? f.width() : f.chroma_width();
    const int h = luma ? f.height() : f.chroma_height();
    const size_t offset = static_cast<size_t>(f.data(p) - f.storage());
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) visible[offset + static_cast<size_t>(y) * f.stride(p) + x] = true;
  }
  size_t changed = 0;
  for (size_t i = 0; i < f.storage_size(); ++i) changed += !visible[i] && f.storage()[i] != kGuardByte;
  return changed;
}

}  // namespace softmcu::testing
