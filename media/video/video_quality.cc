#include "media/video/video_quality.h"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/check.h"

namespace softmcu {

double PlaneMse(const uint8_t* a, int a_stride, const uint8_t* b, int b_stride, int width, int height) {
  uint64_t sum = 0;
  for (int y = 0; y < height; ++y) {
    const uint8_t* ra = a + static_cast<ptrdiff_t>(y) * a_stride;
    const uint8_t* rb = b + static_cast<ptrdiff_t>(y) * b_stride;
    for (int x = 0; x < width; ++x) {
      const int d = static_cast<int>(ra[x]) - static_cast<int>(rb[x]);
      sum += static_cast<uint64_t>(d * d);
    }
  }
  const double samples = static_cast<double>(width) * height;
  return samples > 0 ? static_cast<double>(sum) / samples : 0.0;
}

double PsnrFromMse(double mse) {
  if (mse <= 0) return kIdenticalPsnr;
  return std::min(kIdenticalPsnr, 10.0 * std::log10(255.0 * 255.0 / mse));
}

double PlanePsnr(const uint8_t* a, int a_stride, const uint8_t* b, int b_stride, int width, int height) {
  return PsnrFromMse(PlaneMse(a, a_stride, b, b_stride, width, height));
}

double LumaPsnr(const I420View& a, const I420View& b) {
  SOFTMCU_CHECK(a.width == b.width && a.height == b.height);
  return PlanePsnr(a.plane(Plane::kY), a.plane_stride(Plane::kY), b.plane(Plane::kY),
                   b.plane_stride(Plane::kY), a.width, a.height);
}

double I420Psnr(const I420View& a, const I420View& b) {
  SOFTMCU_CHECK(a.width == b.width && a.height == b.height);
  const int cw = ChromaSize(a.width);
  const int ch = ChromaSize(a.height);
  const double luma_samples = static_cast<double>(a.width) * a.height;
  const double chroma_samples = static_cast<double>(cw) * ch;
  double weighted = PlaneMse(a.plane(Plane::kY), a.plane_stride(Plane::kY), b.plane(Plane::kY),
                             b.plane_stride(Plane::kY), a.width, a.height) *
                    luma_samples;
  for (Plane p : {Plane::kU, Plane::kV}) {
    weighted +=
        PlaneMse(a.plane(p), a.plane_stride(p), b.plane(p), b.plane_stride(p), cw, ch) * chroma_samples;
  }
  return PsnrFromMse(weighted / (luma_samples + 2 * chroma_samples));
}

}  // namespace softmcu
