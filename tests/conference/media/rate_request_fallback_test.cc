// RateRequestFallback: a re-INVITE only for points that ignore TMMBR/REMB, once per change.

#include "conference/media/rate_request_fallback.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(RateRequestFallback, APointThatFollowsTheRequestNeverGetsAReInvite) {
  RateRequestFallback f;
  for (int s = 0; s < 60; ++s) EXPECT_EQ(f.OnSecond(400, 420), std::nullopt) << s;
  EXPECT_EQ(f.OnSecond(0, 1800), std::nullopt) << "no limit was set, none to lift";
}

TEST(RateRequestFallback, TenSecondsIgnoredAsksOnceThenLiftsWhenShownLarge) {
  RateRequestFallback f;
  for (int s = 1; s < RateRequestFallback::kPatienceSeconds; ++s) EXPECT_EQ(f.OnSecond(400, 1800), std::nullopt) << s;
  EXPECT_EQ(f.OnSecond(400, 1800), 400);
  for (int s = 0; s < 30; ++s) EXPECT_EQ(f.OnSecond(400, 1800), std::nullopt) << "asked once: " << s;
  // A smaller tile: a new request, the same patience.
  for (int s = 1; s < RateRequestFallback::kPatienceSeconds; ++s) EXPECT_EQ(f.OnSecond(250, 1800), std::nullopt);
  EXPECT_EQ(f.OnSecond(250, 1800), 250);
  EXPECT_EQ(f.OnSecond(0, 300), 0) << "shown large: the full rate asked back";
  EXPECT_EQ(f.OnSecond(0, 300), std::nullopt);
}

TEST(RateRequestFallback, ASecondWithinTheRequestStartsTheCountAgain) {
  RateRequestFallback f;
  for (int s = 1; s < RateRequestFallback::kPatienceSeconds; ++s) EXPECT_EQ(f.OnSecond(400, 1800), std::nullopt);
  EXPECT_EQ(f.OnSecond(400, 500), std::nullopt) << "1.5 x 400 + 100 = 700: within";
  for (int s = 1; s < RateRequestFallback::kPatienceSeconds; ++s) EXPECT_EQ(f.OnSecond(400, 1800), std::nullopt);
  EXPECT_EQ(f.OnSecond(400, 1800), 400);
}

}  // namespace
}  // namespace softmcu
