#include "media/video/video_frame_pool.h"

#include <algorithm>
#include <mutex>
#include <vector>

#include "core/check.h"

namespace softmcu {

// The pool's state, shared by the VideoFramePool object and every frame it has handed out
// (through VideoFrame::recycler_), so whichever goes last frees it.
class VideoFramePoolCore final : public VideoFrameRecycler,
                                 public std::enable_shared_from_this<VideoFramePoolCore> {
 public:
  explicit VideoFramePoolCore(VideoFramePoolOptions options) : options_(options) {}

  WritableVideoFrame Acquire(int width, int height);
  void Recycle(VideoFrame* frame) override;
  // The VideoFramePool object is gone: free what is idle, and the rest as it returns.
  void Close();
  VideoFramePoolStats stats() const;

 private:
  struct SizeClass {
    int width = 0;
    int height = 0;
    std::vector<std::unique_ptr<VideoFrame>> owned;  // free and in use
    std::vector<VideoFrame*> free;
    uint64_t last_used = 0;
    bool retired = false;  // frames are freed as they come back
  };

  SizeClass* FindActive(int width, int height);
  void RetireLeastRecentlyUsed();
  static void FreeIdle(SizeClass& size_class);

  const VideoFramePoolOptions options_;
  mutable std::mutex mutex_;
  // Guarded by mutex_ (std::mutex carries no clang capability annotation in libstdc++).
  std::vector<SizeClass> classes_;  // a handful: linear search beats a map
  uint64_t use_counter_ = 0;
  uint64_t exhausted_ = 0;
  bool closed_ = false;
};

VideoFramePoolCore::SizeClass* VideoFramePoolCore::FindActive(int width, int height) {
  for (auto& c : classes_) {
    if (!c.retired && c.width == width && c.height == height) return &c;
  }
  return nullptr;
}

void VideoFramePoolCore::FreeIdle(SizeClass& size_class) {
  for (VideoFrame* frame : size_class.free) {
    std::erase_if(size_class.owned, [frame](const auto& owned) { return owned.get() == frame; });
  }
  size_class.free.clear();
}

void VideoFramePoolCore::RetireLeastRecentlyUsed() {
  SizeClass* oldest = nullptr;
  for (auto& c : classes_) {
    if (!c.retired && (oldest == nullptr || c.last_used < oldest->last_used)) oldest = &c;
  }
  if (oldest == nullptr) return;
  oldest->retired = true;
  FreeIdle(*oldest);
  std::erase_if(classes_, [](const SizeClass& c) { return c.retired && c.owned.empty(); });
}

WritableVideoFrame VideoFramePoolCore::Acquire(int width, int height) {
  SOFTMCU_CHECK(width > 0 && height > 0);
  std::lock_guard lock(mutex_);
  SizeClass* size_class = FindActive(width, height);
  if (size_class == nullptr) {
    const auto active =
        std::count_if(classes_.begin(), classes_.end(), [](const auto& c) { return !c.retired; });
    if (static_cast<size_t>(active) >= std::max<size_t>(options_.max_sizes, 1)) RetireLeastRecentlyUsed();
    classes_.push_back(SizeClass{.width = width, .height = height});
    size_class = &classes_.back();
  }
  size_class->last_used = ++use_counter_;

  VideoFrame* frame = nullptr;
  if (!size_class->free.empty()) {
    frame = size_class->free.back();
    size_class->free.pop_back();
  } else if (size_class->owned.size() < options_.max_frames_per_size) {
    size_class->owned.push_back(std::make_unique<VideoFrame>(width, height));
    frame = size_class->owned.back().get();
  } else {
    ++exhausted_;
    return WritableVideoFrame();
  }
  frame->refs_.store(1, std::memory_order_relaxed);
  frame->recycler_ = shared_from_this();
  frame->set_pts(TimeDelta::Zero());
  frame->set_source_id(0);
  frame->set_frame_index(0);
  return WritableVideoFrame(frame);
}

void VideoFramePoolCore::Recycle(VideoFrame* frame) {
  std::lock_guard lock(mutex_);
  for (auto it = classes_.begin(); it != classes_.end(); ++it) {
    auto owned =
        std::find_if(it->owned.begin(), it->owned.end(), [frame](const auto& p) { return p.get() == frame; });
    if (owned == it->owned.end()) continue;
    if (closed_ || it->retired) {
      it->owned.erase(owned);  // destroys the frame; VideoFrame::Unref() touches it no more
      if (it->retired && it->owned.empty()) classes_.erase(it);
    } else {
      it->free.push_back(frame);
    }
    return;
  }
  SOFTMCU_CHECK(false && "frame returned to a pool that does not own it");
}

void VideoFramePoolCore::Close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  for (auto& c : classes_) FreeIdle(c);
}

VideoFramePoolStats VideoFramePoolCore::stats() const {
  std::lock_guard lock(mutex_);
  VideoFramePoolStats stats;
  for (const auto& c : classes_) {
    stats.allocated += c.owned.size();
    stats.free += c.free.size();
  }
  stats.exhausted = exhausted_;
  return stats;
}

VideoFramePool::VideoFramePool(VideoFramePoolOptions options)
    : core_(std::make_shared<VideoFramePoolCore>(options)) {}

VideoFramePool::~VideoFramePool() {
  core_->Close();
}

WritableVideoFrame VideoFramePool::Acquire(int width, int height) {
  return core_->Acquire(width, height);
}

VideoFramePoolStats VideoFramePool::stats() const {
  return core_->stats();
}

}  // namespace softmcu
