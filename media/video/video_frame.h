#pragma once
// One I420 picture: three planes with strides, its size, and what a receiver needs to
// know about it (presentation time, which source, which frame of that source).
//
// Frames are pooled and reference counted (CONVENTIONS.md §7: a decoded frame is an
// immutable payload read by several views). A frame handed out by a VideoFramePool lives
// behind a WritableVideoFrame (one owner, may write) and then SharedVideoFrame handles
// (many owners, read only); its storage goes back to the pool when the last handle drops,
// on whichever thread that happens. A frame built directly (`VideoFrame frame(w, h)`) is
// a plain owned object, e.g. a test's canvas; it cannot be shared through handles.
//
// Memory layout: every plane starts 64-byte aligned and every stride is a multiple of 64,
// so SIMD scalers and converters run their aligned paths. The allocation is also large
// enough for libavcodec to decode an H.264 picture of this size straight into it (coded
// size rounded to macroblocks, the rows its chroma motion compensation over-reads, and the
// tail padding avcodec_default_get_buffer2 would give): see H264Decoder.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/units.h"
#include "media/video/i420_view.h"

namespace softmcu {

class VideoFrame;

// Where a pooled frame goes when its last reference drops. Implemented by the pool.
class VideoFrameRecycler {
 public:
  virtual ~VideoFrameRecycler() = default;
  virtual void Recycle(VideoFrame* frame) = 0;
};

class VideoFrame {
 public:
  static constexpr size_t kAlignment = 64;

  // Allocates (uninitialised) planes for a width x height picture; both must be > 0.
  VideoFrame(int width, int height);
  VideoFrame(const VideoFrame&) = delete;
  VideoFrame& operator=(const VideoFrame&) = delete;
  ~VideoFrame();

  int width() const { return width_; }
  int height() const { return height_; }
  int chroma_width() const { return ChromaSize(width_); }
  int chroma_height() const { return ChromaSize(height_); }

  const uint8_t* data(Plane p) const { return planes_[static_cast<int>(p)]; }
  uint8_t* mutable_data(Plane p) { return planes_[static_cast<int>(p)]; }
  int stride(Plane p) const { return strides_[static_cast<int>(p)]; }
  I420View view() const;
  I420MutableView mutable_view();

  // Presentation time on the source's media timeline.
  TimeDelta pts() const { return pts_; }
  void set_pts(TimeDelta pts) { pts_ = pts; }
  // Who produced the frame (a participant's input, a view's canvas) and its sequence
  // number there; lets a compositor or a test catch a wrong source, a reorder or a freeze.
  uint32_t source_id() const { return source_id_; }
  void set_source_id(uint32_t id) { source_id_ = id; }
  uint64_t frame_index() const { return frame_index_; }
  void set_frame_index(uint64_t index) { frame_index_ = index; }

  // The whole allocation (all planes and padding), for wrapping it in a foreign buffer
  // reference such as libavcodec's AVBufferRef.
  uint8_t* storage() { return storage_.get(); }
  size_t storage_size() const { return storage_size_; }
  // Rows of luma the allocation holds (>= height): room for a decoder's coded size.
  int allocated_rows() const { return allocated_rows_; }

 private:
  friend class SharedVideoFrame;
  friend class WritableVideoFrame;
  friend class VideoFramePoolCore;

  struct FreeDeleter {
    void operator()(uint8_t* p) const { std::free(p); }
  };

  void AddRef() const { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Drops one reference; the last one sends the frame back to its pool.
  void Unref() const;
  bool HasOneRef() const { return refs_.load(std::memory_order_acquire) == 1; }

  const int width_;
  const int height_;
  int allocated_rows_ = 0;
  int strides_[3] = {};
  uint8_t* planes_[3] = {};
  size_t storage_size_ = 0;
  std::unique_ptr<uint8_t, FreeDeleter> storage_;

  TimeDelta pts_;
  uint32_t source_id_ = 0;
  uint64_t frame_index_ = 0;

  // Handles' count; zero while the frame sits in its pool's free list.
  mutable std::atomic<int> refs_{0};
  // Set by the pool while the frame is handed out; keeps the pool's state alive so a frame
  // may outlive the VideoFramePool object (a decoder destroyed while a view still shows
  // its last frame).
  mutable std::shared_ptr<VideoFrameRecycler> recycler_;
};

}  // namespace softmcu
