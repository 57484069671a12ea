#pragma once
// Picture quality measures for tests and the media bench: PSNR between two I420 pictures
// of the same size. 8-bit peak (255); identical pictures give kIdenticalPsnr rather than
// infinity so figures stay printable and comparable.

#include <cstdint>

#include "media/video/i420_view.h"

namespace softmcu {

constexpr double kIdenticalPsnr = 100.0;

// PSNR of one plane region (width x height samples).
double PlanePsnr(const uint8_t* a, int a_stride, const uint8_t* b, int b_stride, int width, int height);
// Luma only.
double LumaPsnr(const I420View& a, const I420View& b);
// All three planes, weighted by sample count (the usual "YUV PSNR").
double I420Psnr(const I420View& a, const I420View& b);
// Mean squared error of one plane region, for averaging PSNR over a sequence.
double PlaneMse(const uint8_t* a, int a_stride, const uint8_t* b, int b_stride, int width, int height);
double PsnrFromMse(double mse);

}  // namespace softmcu
