#pragma once
// Pooled I420 frames, keyed by resolution (CONVENTIONS.md §7, §11): a decoder or a
// compositor takes a WritableVideoFrame, fills it, shares it, and its storage comes back
// here when the last SharedVideoFrame drops. In steady state nothing is allocated per
// frame; a frame's memory is allocated once, the first time its size is needed.
//
// Bounded: at most `max_frames_per_size` frames of one size exist (free or in use) and
// Acquire() returns an empty handle beyond that (the caller counts a drop). Sizes no longer
// used are retired: acquiring a size beyond the `max_sizes` most recently used frees the
// oldest size's idle frames now and its busy ones as they come back. A decoder's pool keeps
// one size, so a mid-stream resolution change gives the old frames' memory back.
//
// Threading: Acquire() and the stats may be called from any thread; frames may be released
// on any thread (decoded on one worker, read on another). One mutex, taken once per frame
// acquired or released, never per pixel or per packet.
//
// Lifetime: frames may outlive the VideoFramePool object; its state lives until the last
// frame returns, and frames returning after the pool was destroyed are freed.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "media/video/writable_video_frame.h"

namespace softmcu {

struct VideoFramePoolOptions {
  // Enough for an H.264 decoder's largest DPB (16) plus its current picture and the
  // frames that views and the encoder still hold.
  size_t max_frames_per_size = 32;
  size_t max_sizes = 2;
};

struct VideoFramePoolStats {
  size_t allocated = 0;    // frames in existence, all sizes, free or in use
  size_t free = 0;         // of which idle in the pool
  uint64_t exhausted = 0;  // Acquire() calls refused because a size was at its bound
};

class VideoFramePoolCore;

class VideoFramePool {
 public:
  explicit VideoFramePool(VideoFramePoolOptions options = {});
  ~VideoFramePool();
  VideoFramePool(const VideoFramePool&) = delete;
  VideoFramePool& operator=(const VideoFramePool&) = delete;

  // A frame of width x height (both > 0) with pts, source id and frame index reset to
  // zero and pixels undefined; empty if the size is at its bound.
  WritableVideoFrame Acquire(int width, int height);

  VideoFramePoolStats stats() const;

 private:
  const std::shared_ptr<VideoFramePoolCore> core_;
};

}  // namespace softmcu
