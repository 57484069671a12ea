#include "transport/session/rate_counter.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

constexpr Timestamp kStart = Timestamp::Seconds(1000);

TEST(RateCounter, EmptyCounterHasZeroRate) {
  RateCounter counter;
  EXPECT_EQ(counter.Rate(kStart).bps(), 0);
}

TEST(RateCounter, SteadyStreamGivesItsRate) {
  RateCounter counter(TimeDelta::Seconds(1), TimeDelta::Millis(10));
  // 500 bytes every 20 ms = 200 kbit/s.
  Timestamp t = kStart;
  for (int i = 0; i < 100; ++i, t += TimeDelta::Millis(20)) counter.Add(t, DataSize::Bytes(500));
  EXPECT_EQ(counter.Rate(t - TimeDelta::Millis(20)).bps(), 200'000);
}

TEST(RateCounter, ShortHistoryIsAveragedOverElapsedTime) {
  RateCounter counter(TimeDelta::Seconds(1), TimeDelta::Millis(10));
  counter.Add(kStart, DataSize::Bytes(1000));
  counter.Add(kStart + TimeDelta::Millis(90), DataSize::Bytes(1000));
  // 2000 bytes over 10 buckets (100 ms) = 160 kbit/s.
  EXPECT_EQ(counter.Rate(kStart + TimeDelta::Millis(90)).bps(), 160'000);
}

TEST(RateCounter, SamplesOlderThanWindowAreForgotten) {
  RateCounter counter(TimeDelta::Seconds(1), TimeDelta::Millis(10));
  counter.Add(kStart, DataSize::Bytes(100'000));
  counter.Add(kStart + TimeDelta::Millis(1500), DataSize::Bytes(1250));
  // Only the second sample is within the last second: 1250 B/s = 10 kbit/s.
  EXPECT_EQ(counter.Rate(kStart + TimeDelta::Millis(1500)).bps(), 10'000);
}

}  // namespace
}  // namespace softmcu
