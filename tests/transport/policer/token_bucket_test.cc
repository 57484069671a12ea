#include "transport/policer/token_bucket.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(TokenBucket, StartsFullAndRefillsAtRateUpToBurst) {
  Timestamp t = Timestamp::Seconds(1);
  TokenBucket b(DataRate::KilobitsPerSec(80), DataSize::Bytes(1000), t);  // 10 bytes per ms
  EXPECT_TRUE(b.TryConsume(DataSize::Bytes(1000), t));
  EXPECT_FALSE(b.TryConsume(DataSize::Bytes(1), t));
  EXPECT_EQ(b.Available(t + TimeDelta::Millis(10)).bytes(), 100);
  EXPECT_EQ(b.Available(t + TimeDelta::Seconds(10)).bytes(), 1000);  // capped at burst
}

TEST(TokenBucket, ForceConsumeGoesIntoDebt) {
  Timestamp t = Timestamp::Seconds(1);
  TokenBucket b(DataRate::KilobitsPerSec(80), DataSize::Bytes(100), t);
  b.ForceConsume(DataSize::Bytes(300), t);
  EXPECT_EQ(b.Available(t).bytes(), -200);
  EXPECT_EQ(b.TimeWhenAvailable(DataSize::Bytes(0), t), t + TimeDelta::Millis(20));
}

TEST(TokenBucket, SlowRatesAccrueWithoutRoundingLoss) {
  Timestamp t = Timestamp::Seconds(1);
  TokenBucket b(DataRate::BitsPerSec(7), DataSize::Bytes(10), t);
  b.ForceConsume(DataSize::Bytes(10), t);
  for (int i = 0; i < 8000; ++i) t += TimeDelta::Millis(1), b.Available(t);  // 8 s in 1 ms steps
  EXPECT_EQ(b.Available(t).bytes(), 7);
}

}  // namespace
}  // namespace softmcu
