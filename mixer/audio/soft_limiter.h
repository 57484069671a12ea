#pragma once
// Turns a wide mix sum into int16 samples without wrapping and without a hard clip:
// identity below a knee at 3/4 of full scale, then a smooth curve that approaches full
// scale but never passes it:
//
//   |x| <= T:  y = x
//   |x| >  T:  y = sign(x) · (T + R · u / (1 + u)),  u = (|x| − T) / R,  R = 32767 − T
//
// Continuous with slope 1 at the knee, strictly increasing and odd: loud sums are
// compressed, never folded back, and the output keeps the sign of the sum. Stateless (no
// envelope to carry between ticks, so N−1 mixes whose contributors change every tick need
// no per-mix state). Normal speech levels never reach the knee and pass bit-exact.

#include <cstdint>
#include <span>

namespace softmcu {

class SoftLimiter {
 public:
  static constexpr int32_t kKnee = 24'576;  // 3/4 of full scale, −2.5 dBFS

  static int16_t Apply(int32_t sum);
  // out.size() == sums.size().
  static void Apply(std::span<const int32_t> sums, std::span<int16_t> out);
};

}  // namespace softmcu
