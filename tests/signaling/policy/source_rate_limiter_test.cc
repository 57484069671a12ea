#include "signaling/policy/source_rate_limiter.h"

#include <gtest/gtest.h>

namespace softmcu::sip {
namespace {

using Verdict = SourceRateLimiter::Verdict;

asio::ip::address Ip(int n) { return asio::ip::make_address_v4(0xC0000200u + n); }  // 192.0.2.n

TEST(SourceRateLimiter, BurstThenRateThenOne503PerSecondThenSilence) {
  SourceRateLimiter limiter({.requests_per_second = 10, .burst = 20});
  Timestamp now = Timestamp::Seconds(100);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(limiter.Check(Ip(1), now).verdict, Verdict::kAllow) << i;
  auto first = limiter.Check(Ip(1), now);
  EXPECT_EQ(first.verdict, Verdict::kAnswer503);
  EXPECT_TRUE(first.new_episode);
  for (int i = 0; i < 100; ++i) {
    auto d = limiter.Check(Ip(1), now);
    EXPECT_EQ(d.verdict, Verdict::kDrop);
    EXPECT_FALSE(d.new_episode);
  }
  now += TimeDelta::Millis(100);  // one token
  EXPECT_EQ(limiter.Check(Ip(1), now).verdict, Verdict::kAllow);
  now += TimeDelta::Seconds(1);
  int allowed = 0;
  int answered = 0;
  for (int i = 0; i < 100; ++i) {
    auto d = limiter.Check(Ip(1), now);
    allowed += d.verdict == Verdict::kAllow;
    answered += d.verdict == Verdict::kAnswer503;
  }
  EXPECT_EQ(allowed, 10);
  EXPECT_EQ(answered, 1);
}

TEST(SourceRateLimiter, OtherSourcesAreNotAffected) {
  SourceRateLimiter limiter({.requests_per_second = 1, .burst = 1});
  const Timestamp now = Timestamp::Seconds(1);
  EXPECT_EQ(limiter.Check(Ip(1), now).verdict, Verdict::kAllow);
  EXPECT_NE(limiter.Check(Ip(1), now).verdict, Verdict::kAllow);
  EXPECT_EQ(limiter.Check(Ip(2), now).verdict, Verdict::kAllow);
}

TEST(SourceRateLimiter, TableIsBoundedAndForgetsTheQuietestSource) {
  SourceRateLimiter limiter({.requests_per_second = 1, .burst = 1, .max_sources = 3});
  const Timestamp now = Timestamp::Seconds(1);
  for (int n = 1; n <= 3; ++n) limiter.Check(Ip(n), now);
  EXPECT_NE(limiter.Check(Ip(1), now).verdict, Verdict::kAllow);  // 1 is the most recent now
  limiter.Check(Ip(4), now);                                       // evicts 2
  EXPECT_EQ(limiter.sources(), 3u);
  EXPECT_EQ(limiter.Check(Ip(2), now).verdict, Verdict::kAllow);  // forgotten: a fresh bucket
}

TEST(SourceRateLimiter, ANewEpisodeAfterAQuietMinute) {
  SourceRateLimiter limiter({.requests_per_second = 1, .burst = 1, .episode_gap = TimeDelta::Seconds(60)});
  Timestamp now = Timestamp::Seconds(1);
  limiter.Check(Ip(1), now);
  EXPECT_TRUE(limiter.Check(Ip(1), now).new_episode);
  now += TimeDelta::Seconds(30);
  limiter.Check(Ip(1), now);
  EXPECT_FALSE(limiter.Check(Ip(1), now).new_episode);
  now += TimeDelta::Seconds(61);
  limiter.Check(Ip(1), now);
  EXPECT_TRUE(limiter.Check(Ip(1), now).new_episode);
}

}  // namespace
}  // namespace softmcu::sip
