#include "transport/session/rtt_estimator.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

// RFC 3550 §6.4.1: SR sent at NTP 0xb44db705:20000000 (3024992005.125 s), held 5.25 s,
// the report block arrives at A = 0xb710:8000 (46864.500 s); delay = 0x0006:2000 (6.125 s).
TEST(RttEstimator, ComputesRfc3550Example) {
  RttEstimator rtt;
  auto sample = rtt.OnReportBlock(/*arrival_compact_ntp=*/0xb7108000, /*last_sr=*/0xb7052000,
                                  /*delay_since_last_sr=*/0x00054000);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(*sample, TimeDelta::Millis(6125));
  EXPECT_EQ(rtt.latest(), TimeDelta::Millis(6125));
}

TEST(RttEstimator, CompactNtpIsMiddle32BitsOfNtpTime) {
  EXPECT_EQ(CompactNtpFromFull(0xb44db705, 0x20000000), 0xb7052000u);
  // The same instant as a Timestamp counted from the NTP epoch.
  EXPECT_EQ(ToCompactNtp(Timestamp::Micros(3024992005'125000)), 0xb7052000u);
  EXPECT_EQ(ToCompactNtp(Timestamp::Micros(3024992016'500000)), 0xb7108000u);
}

TEST(RttEstimator, CompactNtpIntervalsConvertBothWays) {
  EXPECT_EQ(TimeDeltaToCompactNtp(TimeDelta::Millis(5250)), 0x00054000u);
  EXPECT_EQ(CompactNtpToTimeDelta(0x00062000), TimeDelta::Millis(6125));
}

TEST(RttEstimator, IgnoresReportWithoutLastSenderReport) {
  RttEstimator rtt;
  EXPECT_FALSE(rtt.OnReportBlock(0xb7108000, /*last_sr=*/0, 0).has_value());
  EXPECT_FALSE(rtt.latest().has_value());
  EXPECT_FALSE(rtt.smoothed().has_value());
}

TEST(RttEstimator, SmoothsWithOneEighthWeight) {
  RttEstimator rtt;
  const uint32_t lsr = 0x10000000;
  rtt.OnReportBlock(lsr + TimeDeltaToCompactNtp(TimeDelta::Millis(100)), lsr, 0);
  ASSERT_TRUE(rtt.smoothed().has_value());
  EXPECT_NEAR(rtt.smoothed()->us(), 100'000, 20);  // compact NTP has 15 us resolution
  rtt.OnReportBlock(lsr + TimeDeltaToCompactNtp(TimeDelta::Millis(200)), lsr, 0);
  ASSERT_TRUE(rtt.smoothed().has_value());
  // 7/8 * 100 + 1/8 * 200 = 112.5 ms, within the 1/65536 s rounding of the samples.
  EXPECT_NEAR(rtt.smoothed()->us(), 112'500, 20);
  EXPECT_NEAR(rtt.latest()->us(), 200'000, 20);
  EXPECT_NEAR(rtt.min()->us(), 100'000, 20);
}

TEST(RttEstimator, WrapsAroundSecondsField) {
  RttEstimator rtt;
  // LSR 1 s before the 16-bit seconds wrap, A 1.5 s after it, held 0.5 s: 2 s.
  auto sample = rtt.OnReportBlock(0x00018000, 0xffff0000, 0x00008000);
  EXPECT_EQ(sample, TimeDelta::Seconds(2));
}

TEST(RttEstimator, NegativeRttIsClampedToMinimum) {
  RttEstimator rtt;
  auto sample = rtt.OnReportBlock(0x10000000, 0x10000000, 0x00000010);
  EXPECT_EQ(sample, RttEstimator::kMinRtt);
}

}  // namespace
}  // namespace softmcu
