#include "tools/loadgen/latency_histogram.h"

#include <gtest/gtest.h>

namespace softmcu::loadgen {
namespace {

TEST(LatencyHistogram, EmptyHasNoPercentiles) {
  LatencyHistogram h;
  EXPECT_FALSE(h.PercentileMs(50).has_value());
  EXPECT_FALSE(h.MeanMs().has_value());
  EXPECT_FALSE(h.MaxMs().has_value());
}

TEST(LatencyHistogram, PercentilesAreNearestRankBucketMidpoints) {
  LatencyHistogram h;
  for (int ms = 1; ms <= 100; ++ms) h.Add(TimeDelta::Millis(ms));
  EXPECT_EQ(h.count(), 100u);
  EXPECT_DOUBLE_EQ(*h.PercentileMs(50), 50.5);
  EXPECT_DOUBLE_EQ(*h.PercentileMs(95), 95.5);
  EXPECT_DOUBLE_EQ(*h.PercentileMs(99), 99.5);
  EXPECT_DOUBLE_EQ(*h.PercentileMs(100), 100.5);
  EXPECT_NEAR(*h.MeanMs(), 50.5, 1e-9);
  EXPECT_DOUBLE_EQ(*h.MaxMs(), 100);
}

TEST(LatencyHistogram, CoarseBucketsAboveTwoSecondsAndOverflowAboveTwenty) {
  LatencyHistogram h;
  h.Add(TimeDelta::Millis(2345));
  EXPECT_DOUBLE_EQ(*h.PercentileMs(50), 2345);
  LatencyHistogram o;
  o.Add(TimeDelta::Seconds(60));
  EXPECT_DOUBLE_EQ(*o.PercentileMs(50), 20000);
  EXPECT_DOUBLE_EQ(*o.MaxMs(), 60000);
}

TEST(LatencyHistogram, NegativeLatencyCountsAsZero) {
  LatencyHistogram h;
  h.Add(TimeDelta::Millis(-5));
  EXPECT_DOUBLE_EQ(*h.PercentileMs(50), 0.5);
}

TEST(LatencyHistogram, MergeAddsAndSubtractLeavesTheRecentSamples) {
  LatencyHistogram a, b;
  for (int i = 0; i < 10; ++i) a.Add(TimeDelta::Millis(10));
  for (int i = 0; i < 10; ++i) b.Add(TimeDelta::Millis(300));
  LatencyHistogram total = a;
  total.Merge(b);
  EXPECT_EQ(total.count(), 20u);
  EXPECT_DOUBLE_EQ(*total.PercentileMs(25), 10.5);
  EXPECT_DOUBLE_EQ(*total.PercentileMs(75), 300.5);
  total.Subtract(a);
  EXPECT_EQ(total.count(), 10u);
  EXPECT_DOUBLE_EQ(*total.PercentileMs(50), 300.5);
}

}  // namespace
}  // namespace softmcu::loadgen
