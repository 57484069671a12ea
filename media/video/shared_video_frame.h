#pragma once
// A counted, read-only reference to a pooled VideoFrame. Copying is one relaxed atomic
// increment; the frame returns to its pool when the last copy is destroyed, on any thread.
// This is how one decoded picture reaches several views (and an encoder's input reaches
// its encoder) without a copy of its pixels.

#include <utility>

#include "media/video/video_frame.h"

namespace softmcu {

class SharedVideoFrame {
 public:
  SharedVideoFrame() = default;
  SharedVideoFrame(const SharedVideoFrame& other) : frame_(other.frame_) {
    if (frame_ != nullptr) frame_->AddRef();
  }
  SharedVideoFrame(SharedVideoFrame&& other) noexcept : frame_(std::exchange(other.frame_, nullptr)) {}
  SharedVideoFrame& operator=(SharedVideoFrame other) noexcept {
    std::swap(frame_, other.frame_);
    return *this;
  }
  ~SharedVideoFrame() {
    if (frame_ != nullptr) frame_->Unref();
  }

  explicit operator bool() const { return frame_ != nullptr; }
  const VideoFrame& operator*() const { return *frame_; }
  const VideoFrame* operator->() const { return frame_; }
  const VideoFrame* get() const { return frame_; }

  // For C libraries that hold a frame through an opaque pointer (libavcodec buffers):
  // Adopt() takes over one reference that WritableVideoFrame::ReleaseRef() gave up;
  // Retain() adds a new reference to a frame someone else keeps alive.
  static SharedVideoFrame Adopt(const VideoFrame* frame) { return SharedVideoFrame(frame); }
  static SharedVideoFrame Retain(const VideoFrame* frame) {
    frame->AddRef();
    return SharedVideoFrame(frame);
  }

 private:
  friend class WritableVideoFrame;
  explicit SharedVideoFrame(const VideoFrame* frame) : frame_(frame) {}

  const VideoFrame* frame_ = nullptr;
};

}  // namespace softmcu
