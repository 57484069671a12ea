#include "core/log.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(LogRateLimiter, AllowsBurstThenOnePerIntervalAndReportsSuppressed) {
  SimulatedClock clock;
  LogRateLimiter limiter(&clock, TimeDelta::Seconds(1), 3);
  uint64_t suppressed = 99;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow(&suppressed));
  EXPECT_EQ(suppressed, 0u);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.Allow(&suppressed));
  clock.Advance(TimeDelta::Millis(1001));
  EXPECT_TRUE(limiter.Allow(&suppressed));
  EXPECT_EQ(suppressed, 1000u);
}

}  // namespace
}  // namespace softmcu
