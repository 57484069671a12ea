#include "media/video/video_scaler.h"

extern "C" {
#include <libswscale/swscale.h>
}

#include <libyuv.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/check.h"

namespace softmcu {
namespace {

// Enough for the tile sizes of a few layouts at once (each needs a luma and a chroma
// context); beyond it the least recently used context is freed.
constexpr size_t kMaxCachedContexts = 16;

bool IsSwscale(ScaleFilter filter) {
  return filter == ScaleFilter::kSwscaleFastBilinear || filter == ScaleFilter::kSwscaleBilinear ||
         filter == ScaleFilter::kSwscaleLanczos;
}

int SwsFlags(ScaleFilter filter) {
  switch (filter) {
    case ScaleFilter::kSwscaleFastBilinear:
      return SWS_FAST_BILINEAR;
    case ScaleFilter::kSwscaleBilinear:
      return SWS_BILINEAR;
    case ScaleFilter::kSwscaleLanczos:
      return SWS_LANCZOS | SWS_ACCURATE_RND;
    default:
      return SWS_BILINEAR;
  }
}

libyuv::FilterMode YuvFilter(ScaleFilter filter) {
  return filter == ScaleFilter::kLibyuvBox ? libyuv::kFilterBox : libyuv::kFilterBilinear;
}

int CeilHalf(int v) {
  return (v + 1) / 2;
}
int FloorHalf(int v) {
  return v / 2;
}

}  // namespace

const char* ToString(ScaleFilter filter) {
  switch (filter) {
    case ScaleFilter::kSwscaleFastBilinear:
      return "swscale-fast-bilinear";
    case ScaleFilter::kSwscaleBilinear:
      return "swscale-bilinear";
    case ScaleFilter::kSwscaleLanczos:
      return "swscale-lanczos";
    case ScaleFilter::kLibyuvBilinear:
      return "libyuv-bilinear";
    case ScaleFilter::kLibyuvBox:
      return "libyuv-box";
  }
  return "?";
}

VideoScaler::VideoScaler(ScaleFilter filter) : filter_(filter) {}

VideoScaler::~VideoScaler() = default;

void VideoScaler::SwsContextDeleter::operator()(SwsContext* context) const {
  sws_freeContext(context);
}

void VideoScaler::Scale(const I420View& src, const I420MutableView& dst, PixelRect rect) {
  SOFTMCU_CHECK(src.width > 0 && src.height > 0);
  SOFTMCU_CHECK(rect.x >= 0 && rect.y >= 0 && rect.width >= 0 && rect.height >= 0);
  SOFTMCU_CHECK(rect.x + rect.width <= dst.width && rect.y + rect.height <= dst.height);
  if (rect.width == 0 || rect.height == 0) return;
  // An even rectangle (the compositor's layouts are even) goes to libswscale in one call:
  // about 40% cheaper than three plane calls. Odd ones need the per-plane chroma rule.
  const bool even = ((rect.x | rect.y | rect.width | rect.height) & 1) == 0;
  if (IsSwscale(filter_) && even && ScaleI420Swscale(src, dst, rect)) return;

  ScalePlane({src.plane(Plane::kY), src.plane_stride(Plane::kY), src.width, src.height,
              dst.plane(Plane::kY) + static_cast<ptrdiff_t>(rect.y) * dst.plane_stride(Plane::kY) + rect.x,
              dst.plane_stride(Plane::kY), rect.width, rect.height});

  // Chroma samples whose 2x2 luma block lies wholly inside the rectangle (see header).
  const int cx0 = CeilHalf(rect.x);
  const int cy0 = CeilHalf(rect.y);
  const int cx1 = FloorHalf(rect.x + rect.width);
  const int cy1 = FloorHalf(rect.y + rect.height);
  if (cx1 <= cx0 || cy1 <= cy0) return;
  for (Plane p : {Plane::kU, Plane::kV}) {
    ScalePlane({src.plane(p), src.plane_stride(p), ChromaSize(src.width), ChromaSize(src.height),
                dst.plane(p) + static_cast<ptrdiff_t>(cy0) * dst.plane_stride(p) + cx0, dst.plane_stride(p),
                cx1 - cx0, cy1 - cy0});
  }
}

bool VideoScaler::ScaleI420Swscale(const I420View& src, const I420MutableView& dst, PixelRect rect) {
  SwsContext* context = ContextFor(Layout::kI420, src.width, src.height, rect.width, rect.height);
  if (context == nullptr) return false;
  PlaneJob jobs[3];
  const uint8_t* src_planes[4] = {};
  int src_strides[4] = {};
  uint8_t* dst_planes[4] = {};
  int dst_strides[4] = {};
  for (int i = 0; i < 3; ++i) {
    const int shift = i == 0 ? 0 : 1;
    jobs[i] = {src.data[i],
               src.stride[i],
               src.width >> shift,
               src.height >> shift,
               dst.data[i] + static_cast<ptrdiff_t>(rect.y >> shift) * dst.stride[i] + (rect.x >> shift),
               dst.stride[i],
               rect.width >> shift,
               rect.height >> shift};
    src_planes[i] = src.data[i];
    src_strides[i] = src.stride[i];
    dst_planes[i] = jobs[i].dst;
    dst_strides[i] = dst.stride[i];
  }
  for (size_t i = 0; i < 3; ++i) SaveGuard(jobs[i], i);
  sws_scale(context, src_planes, src_strides, 0, src.height, dst_planes, dst_strides);
  for (size_t i = 0; i < 3; ++i) RestoreGuard(jobs[i], i);
  return true;
}

void VideoScaler::ScalePlane(const PlaneJob& job) {
  if (IsSwscale(filter_)) {
    if (SwsContext* context =
            ContextFor(Layout::kPlane, job.src_width, job.src_height, job.dst_width, job.dst_height);
        context != nullptr) {
      const uint8_t* const src[4] = {job.src, nullptr, nullptr, nullptr};
      const int src_stride[4] = {job.src_stride, 0, 0, 0};
      uint8_t* const dst[4] = {job.dst, nullptr, nullptr, nullptr};
      const int dst_stride[4] = {job.dst_stride, 0, 0, 0};
      SaveGuard(job, 0);
      sws_scale(context, src, src_stride, 0, job.src_height, dst, dst_stride);
      RestoreGuard(job, 0);
      return;
    }
    ++fallbacks_;
  }
  libyuv::ScalePlane(job.src, job.src_stride, job.src_width, job.src_height, job.dst, job.dst_stride,
                     job.dst_width, job.dst_height,
                     IsSwscale(filter_) ? libyuv::kFilterBilinear : YuvFilter(filter_));
}

// libswscale's SIMD vertical scalers store whole vectors, so on every row but the last
// two (which it finishes in C, see swscale.c "can't use MMX here without overwriting this
// array's tail") it writes up to 7 bytes past the destination width on this machine.
// In a canvas those bytes are the neighbouring tile or the border. They are saved before
// and put back after: a few dozen bytes a row, against an intermediate picture. The
// guard is wider than measured, for CPUs with wider vectors, but never longer than the gap
// to the next row's part of the rectangle (stride - width): bytes in that part are
// rewritten by libswscale itself when it reaches the next row, and must not be restored to
// their old value. So the guard only touches memory between rows of the rectangle, inside
// the view. The last row is written exactly and not guarded.
void VideoScaler::SaveGuard(const PlaneJob& job, size_t slot) {
  const int guard = std::min(kSwsOverwriteGuard, job.dst_stride - job.dst_width);
  const int rows = guard > 0 ? job.dst_height - 1 : 0;
  std::vector<uint8_t>& saved = guard_bytes_[slot];
  saved.resize(static_cast<size_t>(std::max(rows, 0)) * static_cast<size_t>(std::max(guard, 0)));
  for (int y = 0; y < rows; ++y) {
    std::memcpy(saved.data() + static_cast<size_t>(y) * guard,
                job.dst + static_cast<ptrdiff_t>(y) * job.dst_stride + job.dst_width, guard);
  }
}

void VideoScaler::RestoreGuard(const PlaneJob& job, size_t slot) {
  const int guard = std::min(kSwsOverwriteGuard, job.dst_stride - job.dst_width);
  const int rows = guard > 0 ? job.dst_height - 1 : 0;
  const std::vector<uint8_t>& saved = guard_bytes_[slot];
  for (int y = 0; y < rows; ++y) {
    std::memcpy(job.dst + static_cast<ptrdiff_t>(y) * job.dst_stride + job.dst_width,
                saved.data() + static_cast<size_t>(y) * guard, guard);
  }
}

// Planes are scaled as GRAY8 pictures (one code path for luma and chroma, and chroma
// rectangles that need not be half the luma one), even rectangles as one YUV420P picture.
SwsContext* VideoScaler::ContextFor(Layout layout, int src_width, int src_height, int dst_width,
                                    int dst_height) {
  ++use_counter_;
  for (auto& c : contexts_) {
    if (c.layout == layout && c.src_width == src_width && c.src_height == src_height &&
        c.dst_width == dst_width && c.dst_height == dst_height) {
      c.last_used = use_counter_;
      return c.context.get();
    }
  }
  const AVPixelFormat format = layout == Layout::kI420 ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_GRAY8;
  SwsContext* context = sws_getContext(src_width, src_height, format, dst_width, dst_height, format,
                                       SwsFlags(filter_), nullptr, nullptr, nullptr);
  if (context == nullptr) return nullptr;
  if (contexts_.size() >= kMaxCachedContexts) {
    auto oldest = std::min_element(contexts_.begin(), contexts_.end(),
                                   [](const auto& a, const auto& b) { return a.last_used < b.last_used; });
    contexts_.erase(oldest);
  }
  contexts_.push_back({layout, src_width, src_height, dst_width, dst_height,
                       std::unique_ptr<SwsContext, SwsContextDeleter>(context), use_counter_});
  return context;
}

}  // namespace softmcu
