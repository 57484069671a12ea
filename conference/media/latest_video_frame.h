#pragma once
// The newest decoded picture of one participant, handed from the worker thread that
// decodes it to the room thread that composes it. The room samples it at its own frame
// rate (a slow source never delays the canvas); a picture nobody sampled before the next
// one arrived is simply replaced. One short critical section per decoded frame (30/s),
// never per packet.

#include <cstdint>
#include <mutex>
#include <optional>

#include "media/video/shared_video_frame.h"

namespace softmcu {

class LatestVideoFrame {
 public:
  // Worker thread.
  void Publish(SharedVideoFrame frame) {
    std::lock_guard lock(mutex_);
    frame_ = std::move(frame);
    ++sequence_;
  }
  // Drops the picture (the participant stopped being shown), so its buffer returns to the
  // decoder's pool.
  void Clear() {
    std::lock_guard lock(mutex_);
    frame_ = SharedVideoFrame();
  }

  // Room thread: the picture if it is newer than `*seen`, which is then updated.
  std::optional<SharedVideoFrame> TakeIfNewer(uint64_t* seen) const {
    std::lock_guard lock(mutex_);
    if (sequence_ == *seen || !frame_) return std::nullopt;
    *seen = sequence_;
    return frame_;
  }
  uint64_t sequence() const {
    std::lock_guard lock(mutex_);
    return sequence_;
  }

 private:
  mutable std::mutex mutex_;
  SharedVideoFrame frame_;
  uint64_t sequence_ = 0;
};

}  // namespace softmcu
