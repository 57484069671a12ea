#include "mixer/audio/soft_limiter.h"

#include "core/check.h"

namespace softmcu {

int16_t SoftLimiter::Apply(int32_t sum) {
  if (sum >= -kKnee && sum <= kKnee) return static_cast<int16_t>(sum);
  constexpr float kRange = 32767.0f - kKnee;
  const float over = static_cast<float>(sum > 0 ? sum - kKnee : -kKnee - sum);
  const float u = over / kRange;
  // u / (1 + u) < 1, so the magnitude stays within 32767 (truncation rounds toward the knee).
  const auto magnitude = static_cast<int32_t>(kKnee + kRange * (u / (1.0f + u)));
  return static_cast<int16_t>(sum > 0 ? magnitude : -magnitude);
}

void SoftLimiter::Apply(std::span<const int32_t> sums, std::span<int16_t> out) {
  SOFTMCU_DCHECK(sums.size() == out.size());
  for (size_t i = 0; i < sums.size(); ++i) out[i] = Apply(sums[i]);
}

}  // namespace softmcu
