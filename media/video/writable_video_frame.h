#pragma once
// The only reference to a pooled VideoFrame that was just taken from its pool: its holder
// may write pixels and metadata, then publish it with Share() (read-only from then on).
// Move-only, so "exactly one writer, no readers yet" is a property of the type.

#include <utility>

#include "core/check.h"
#include "media/video/shared_video_frame.h"
#include "media/video/video_frame.h"

namespace softmcu {

class WritableVideoFrame {
 public:
  WritableVideoFrame() = default;
  WritableVideoFrame(WritableVideoFrame&& other) noexcept : frame_(std::exchange(other.frame_, nullptr)) {}
  WritableVideoFrame& operator=(WritableVideoFrame&& other) noexcept {
    std::swap(frame_, other.frame_);
    return *this;
  }
  WritableVideoFrame(const WritableVideoFrame&) = delete;
  WritableVideoFrame& operator=(const WritableVideoFrame&) = delete;
  ~WritableVideoFrame() {
    if (frame_ != nullptr) frame_->Unref();
  }

  explicit operator bool() const { return frame_ != nullptr; }
  VideoFrame& operator*() const { return *frame_; }
  VideoFrame* operator->() const { return frame_; }
  VideoFrame* get() const { return frame_; }

  // Publishes the frame: no writes through this handle afterwards (it is empty).
  SharedVideoFrame Share() && {
    SOFTMCU_DCHECK(frame_ == nullptr || frame_->HasOneRef());
    return SharedVideoFrame(std::exchange(frame_, nullptr));
  }

  // Takes `shared` back for writing if it is the frame's only reference: no other handle
  // exists, so nobody can be reading the pixels (the acquire load in HasOneRef() orders
  // their last reads before our writes). `shared` is left empty then. Otherwise returns an
  // empty handle and leaves `shared` alone. This is how a compositor redraws only the
  // changed tiles of its previous canvas once the encoder has let go of it.
  static WritableVideoFrame ReclaimIfUnique(SharedVideoFrame& shared) {
    if (!shared || !shared.frame_->HasOneRef()) return WritableVideoFrame();
    return WritableVideoFrame(const_cast<VideoFrame*>(std::exchange(shared.frame_, nullptr)));
  }

  // Gives up the handle but not its reference, for a C library that holds the frame
  // through an opaque pointer; SharedVideoFrame::Adopt() takes the reference back.
  VideoFrame* ReleaseRef() && { return std::exchange(frame_, nullptr); }

 private:
  friend class VideoFramePoolCore;
  explicit WritableVideoFrame(VideoFrame* frame) : frame_(frame) {}

  VideoFrame* frame_ = nullptr;
};

}  // namespace softmcu
