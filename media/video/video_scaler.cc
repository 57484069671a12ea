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

void VideoScaler::ScalePlane(const PlaneJob& job) {
  if (IsSwscale(filter_)) {
    if (SwsContext* context = ContextFor(job); context != nullptr) {
      const uint8_t* const src[4] = {job.src, nullptr, nullptr, nullptr};
      const int src_stride[4] = {job.src_stride, 0, 0, 0};
      uint8_t* const dst[4] = {job.dst, nullptr, nullptr, nullptr};
      const int dst_stride[4] = {job.dst_stride, 0, 0, 0};
      GuardedSwsScale(context, job, src, src_stride, dst, dst_stride);
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
// guard is wider than measured, for CPUs with wider vectors; it never reaches past the
// start of the last row's rectangle, so it touches only memory inside the view.
void VideoScaler::GuardedSwsScale(SwsContext* context, const PlaneJob& job, const uint8_t* const src[4],
                                  const int src_stride[4], uint8_t* const dst[4], const int dst_stride[4]) {
  const int guard = std::min(kSwsOverwriteGuard, job.dst_stride - job.dst_width);
  const int rows = guard > 0 ? job.dst_height - 1 : 0;  // the last row is written exactly
  guard_bytes_.resize(static_cast<size_t>(std::max(rows, 0)) * guard);
  for (int y = 0; y < rows; ++y) {
    std::memcpy(guard_bytes_.data() + static_cast<size_t>(y) * guard,
                job.dst + static_cast<ptrdiff_t>(y) * job.dst_stride + job.dst_width, guard);
  }
  sws_scale(context, src, src_stride, 0, job.src_height, dst, dst_stride);
  for (int y = 0; y < rows; ++y) {
    std::memcpy(job.dst + static_cast<ptrdiff_t>(y) * job.dst_stride + job.dst_width,
                guard_bytes_.data() + static_cast<size_t>(y) * guard, guard);
  }
}

// Each plane is scaled as its own GRAY8 picture: one code path for luma and chroma, and
// chroma rectangles that need not be half the luma one (odd edges, see header).
SwsContext* VideoScaler::ContextFor(const PlaneJob& job) {
  ++use_counter_;
  for (auto& c : contexts_) {
    if (c.src_width == job.src_width && c.src_height == job.src_height && c.dst_width == job.dst_width &&
        c.dst_height == job.dst_height) {
      c.last_used = use_counter_;
      return c.context.get();
    }
  }
  SwsContext* context =
      sws_getContext(job.src_width, job.src_height, AV_PIX_FMT_GRAY8, job.dst_width, job.dst_height,
                     AV_PIX_FMT_GRAY8, SwsFlags(filter_), nullptr, nullptr, nullptr);
  if (context == nullptr) return nullptr;
  if (contexts_.size() >= kMaxCachedContexts) {
    auto oldest = std::min_element(contexts_.begin(), contexts_.end(),
                                   [](const auto& a, const auto& b) { return a.last_used < b.last_used; });
    contexts_.erase(oldest);
  }
  contexts_.push_back({job.src_width, job.src_height, job.dst_width, job.dst_height,
                       std::unique_ptr<SwsContext, SwsContextDeleter>(context), use_counter_});
  return context;
}

}  // namespace softmcu
