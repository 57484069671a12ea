#include "transport/policer/reported_loss.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

const Timestamp kStart = Timestamp::Seconds(50);

TEST(ReportedLoss, JudgesWholeWindowsOfCumulativeCounts) {
  ReportedLoss loss;
  EXPECT_FALSE(loss.OnReport(0, 1000, kStart).has_value()) << "the first report starts the window";
  // Half a second later: the window is still open.
  EXPECT_FALSE(loss.OnReport(5, 1025, kStart + TimeDelta::Millis(500)).has_value());
  auto judged = loss.OnReport(10, 1050, kStart + TimeDelta::Seconds(1));
  ASSERT_TRUE(judged.has_value());
  EXPECT_DOUBLE_EQ(*judged, 10.0 / 50);
  EXPECT_DOUBLE_EQ(loss.last(), 0.2);
}

TEST(ReportedLoss, TooFewPacketsKeepTheWindowOpen) {
  ReportedLoss loss;
  loss.OnReport(0, 1000, kStart);
  EXPECT_FALSE(loss.OnReport(2, 1010, kStart + TimeDelta::Seconds(2)).has_value()) << "10 packets";
  EXPECT_TRUE(loss.OnReport(2, 1040, kStart + TimeDelta::Seconds(3)).has_value());
}

TEST(ReportedLoss, ASequenceResetStartsOverAndDuplicatesNeverCountNegative) {
  ReportedLoss loss;
  loss.OnReport(100, 5000, kStart);
  EXPECT_FALSE(loss.OnReport(0, 10, kStart + TimeDelta::Seconds(1)).has_value()) << "the sender restarted";
  auto judged = loss.OnReport(-5, 100, kStart + TimeDelta::Seconds(2));  // duplicates: negative lost
  ASSERT_TRUE(judged.has_value());
  EXPECT_EQ(*judged, 0.0);
}

}  // namespace
}  // namespace softmcu
