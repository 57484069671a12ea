#include "mixer/audio/soft_limiter.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace softmcu {
namespace {

TEST(SoftLimiter, IdentityUpToTheKnee) {
  for (int32_t x : {0, 1, -1, 1000, -1000, SoftLimiter::kKnee, -SoftLimiter::kKnee}) {
    EXPECT_EQ(SoftLimiter::Apply(x), x);
  }
}

TEST(SoftLimiter, MonotonicBoundedAndSignPreservingOverAHugeRange) {
  int16_t previous = SoftLimiter::Apply(-50'000'000);
  for (int32_t x = -50'000'000; x <= 50'000'000; x += 997) {
    const int16_t y = SoftLimiter::Apply(x);
    ASSERT_GE(y, previous) << x;
    ASSERT_LE(std::abs(int{y}), 32767) << x;
    if (x > 0) {
      ASSERT_GT(y, 0) << x;
    }
    if (x < 0) {
      ASSERT_LT(y, 0) << x;
    }
    previous = y;
  }
}

TEST(SoftLimiter, ExtremeSumsStayNearFullScale) {
  EXPECT_GE(SoftLimiter::Apply(INT32_MAX), 32700);
  EXPECT_LE(SoftLimiter::Apply(INT32_MIN + 1), -32700);
  EXPECT_LT(SoftLimiter::Apply(40'000), 32767);  // compressed, not clipped
  EXPECT_GT(SoftLimiter::Apply(40'000), SoftLimiter::Apply(35'000));
}

}  // namespace
}  // namespace softmcu
