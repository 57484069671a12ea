#include "media/video/video_frame.h"

#include <algorithm>
#include <utility>

#include "core/check.h"

namespace softmcu {
namespace {

constexpr int AlignUp(int value, int alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

// What libavcodec's avcodec_align_dimensions2() asks of an H.264 picture buffer, kept in
// one place: width to 16 (at least 32, for edge emulation), height to 32 (two macroblock
// rows, for field pictures) plus 2 rows over-read by the chroma motion compensation, and
// 16 + STRIDE_ALIGN - 1 bytes after each plane.
constexpr int kDecoderRowAlign = 32;
constexpr int kDecoderExtraRows = 2;
constexpr size_t kPlaneTailPadding = 16 + VideoFrame::kAlignment;

}  // namespace

VideoFrame::VideoFrame(int width, int height) : width_(width), height_(height) {
  SOFTMCU_CHECK(width > 0 && height > 0);
  const int align = static_cast<int>(kAlignment);
  const int coded_width = std::max(AlignUp(width, 16), 32);
  strides_[0] = AlignUp(coded_width, align);
  strides_[1] = strides_[2] = AlignUp(strides_[0] / 2, align);
  allocated_rows_ = AlignUp(height, kDecoderRowAlign) + kDecoderExtraRows;
  const int chroma_rows = ChromaSize(allocated_rows_);

  size_t sizes[3];
  sizes[0] = static_cast<size_t>(strides_[0]) * allocated_rows_ + kPlaneTailPadding;
  sizes[1] = sizes[2] = static_cast<size_t>(strides_[1]) * chroma_rows + kPlaneTailPadding;
  size_t offsets[3];
  size_t total = 0;
  for (int i = 0; i < 3; ++i) {
    offsets[i] = total;
    total += (sizes[i] + kAlignment - 1) / kAlignment * kAlignment;
  }
  storage_.reset(static_cast<uint8_t*>(std::aligned_alloc(kAlignment, total)));
  SOFTMCU_CHECK(storage_ != nullptr);
  storage_size_ = total;
  for (int i = 0; i < 3; ++i) planes_[i] = storage_.get() + offsets[i];
}

VideoFrame::~VideoFrame() {
  // A frame destroyed while handles still point at it is a use-after-free in waiting.
  SOFTMCU_DCHECK(refs_.load(std::memory_order_relaxed) == 0);
}

I420View VideoFrame::view() const {
  return {{planes_[0], planes_[1], planes_[2]}, {strides_[0], strides_[1], strides_[2]}, width_, height_};
}

I420MutableView VideoFrame::mutable_view() {
  return {{planes_[0], planes_[1], planes_[2]}, {strides_[0], strides_[1], strides_[2]}, width_, height_};
}

void VideoFrame::Unref() const {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  // Take the pool reference out first: the frame may be handed out again (and get a new
  // one) the moment Recycle() puts it on the free list, and if the pool is gone this local
  // is what keeps its state alive until Recycle() returns.
  std::shared_ptr<VideoFrameRecycler> recycler = std::move(recycler_);
  SOFTMCU_DCHECK(recycler != nullptr);
  recycler->Recycle(const_cast<VideoFrame*>(this));
}

}  // namespace softmcu
