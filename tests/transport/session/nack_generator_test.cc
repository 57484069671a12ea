#include "transport/session/nack_generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace softmcu {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr Timestamp kStart = Timestamp::Seconds(1000);
constexpr TimeDelta kRtt = TimeDelta::Millis(50);

std::vector<uint16_t> Nacks(NackGenerator& nack, Timestamp now, TimeDelta rtt = kRtt) {
  auto span = nack.GetNacksToSend(now, rtt);
  return {span.begin(), span.end()};
}

TEST(NackGenerator, InOrderPacketsNeedNoNacks) {
  NackGenerator nack;
  for (uint16_t seq = 100; seq < 110; ++seq)
    EXPECT_EQ(nack.OnPacket(seq, kStart), NackGenerator::PacketResult::kNew);
  EXPECT_THAT(Nacks(nack, kStart), IsEmpty());
}

TEST(NackGenerator, GapIsNackedImmediately) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(103, kStart);
  EXPECT_THAT(Nacks(nack, kStart), ElementsAre(101, 102));
  EXPECT_EQ(nack.stats().nacks_sent, 2);
}

TEST(NackGenerator, NackIsNotRepeatedWithinRtt) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  EXPECT_THAT(Nacks(nack, kStart), ElementsAre(101));
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(49)), IsEmpty());
}

TEST(NackGenerator, NackIsRetriedAfterRtt) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  Nacks(nack, kStart);
  EXPECT_THAT(Nacks(nack, kStart + kRtt), ElementsAre(101));
}

TEST(NackGenerator, RetryIntervalHasTwentyMillisecondFloor) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  Nacks(nack, kStart, TimeDelta::Millis(5));
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(19), TimeDelta::Millis(5)), IsEmpty());
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(20), TimeDelta::Millis(5)), ElementsAre(101));
}

TEST(NackGenerator, RecoveredPacketIsNoLongerNacked) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(103, kStart);
  Nacks(nack, kStart);
  EXPECT_EQ(nack.OnPacket(101, kStart + TimeDelta::Millis(30)), NackGenerator::PacketResult::kRecovered);
  EXPECT_THAT(Nacks(nack, kStart + kRtt), ElementsAre(102));
  EXPECT_EQ(nack.stats().recovered, 1);
  EXPECT_EQ(nack.missing_count(), 1u);
}

TEST(NackGenerator, DuplicateOfReceivedPacketIsOld) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(101, kStart);
  EXPECT_EQ(nack.OnPacket(100, kStart), NackGenerator::PacketResult::kOld);
}

TEST(NackGenerator, GivesUpAfterMaxRetriesAndAsksForKeyframe) {
  NackGenerator::Config config;
  config.max_retries = 3;
  NackGenerator nack(config);
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  Timestamp now = kStart;
  for (int i = 0; i < 3; ++i) {
    EXPECT_THAT(Nacks(nack, now), ElementsAre(101)) << i;
    now += kRtt;
  }
  EXPECT_FALSE(nack.KeyframeRequestNeeded());
  // The third NACK had its RTT to be answered: give up.
  EXPECT_THAT(Nacks(nack, now), IsEmpty());
  EXPECT_EQ(nack.missing_count(), 0u);
  EXPECT_EQ(nack.stats().given_up, 1);
  EXPECT_TRUE(nack.KeyframeRequestNeeded());
  nack.OnKeyframeRequested();
  EXPECT_FALSE(nack.KeyframeRequestNeeded());
}

TEST(NackGenerator, GivesUpOnPacketsOlderThanMaxAge) {
  NackGenerator nack;  // max_age 1 s
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  Nacks(nack, kStart);
  // A long RTT keeps it from being retried before it ages out.
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(1001), TimeDelta::Seconds(2)), IsEmpty());
  EXPECT_EQ(nack.missing_count(), 0u);
  EXPECT_TRUE(nack.KeyframeRequestNeeded());
}

TEST(NackGenerator, TooManyMissingAsksForKeyframeInsteadOfNacks) {
  NackGenerator::Config config;
  config.max_missing = 10;
  NackGenerator nack(config);
  nack.OnPacket(100, kStart);
  nack.OnPacket(105, kStart);  // 4 missing
  nack.OnPacket(112, kStart);  // 6 more: 10, still fits
  EXPECT_EQ(nack.missing_count(), 10u);
  EXPECT_FALSE(nack.KeyframeRequestNeeded());
  nack.OnPacket(114, kStart);  // 1 more would exceed the cap
  EXPECT_TRUE(nack.KeyframeRequestNeeded());
  EXPECT_EQ(nack.missing_count(), 0u);
  EXPECT_EQ(nack.stats().overflows, 1);
  EXPECT_THAT(Nacks(nack, kStart), IsEmpty());
  // Later gaps are NACKed again as usual.
  nack.OnPacket(116, kStart);
  EXPECT_THAT(Nacks(nack, kStart), ElementsAre(115));
}

TEST(NackGenerator, GapAcrossSequenceWrapIsNacked) {
  NackGenerator nack;
  nack.OnPacket(65534, kStart);
  nack.OnPacket(1, kStart);
  EXPECT_THAT(Nacks(nack, kStart), ElementsAre(65535, 0));
  EXPECT_EQ(nack.OnPacket(0, kStart), NackGenerator::PacketResult::kRecovered);
  EXPECT_THAT(Nacks(nack, kStart + kRtt), ElementsAre(65535));
}

TEST(NackGenerator, FirstNackDelayLetsReorderedPacketsArrive) {
  NackGenerator::Config config;
  config.first_nack_delay = TimeDelta::Millis(10);
  NackGenerator nack(config);
  nack.OnPacket(100, kStart);
  nack.OnPacket(102, kStart);
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(9)), IsEmpty());
  EXPECT_THAT(Nacks(nack, kStart + TimeDelta::Millis(10)), ElementsAre(101));
}

TEST(NackGenerator, KeyframeClearsOlderMissingPackets) {
  NackGenerator nack;
  nack.OnPacket(100, kStart);
  nack.OnPacket(103, kStart);  // 101, 102 missing
  nack.OnPacket(110, kStart);  // 104..109 missing
  nack.OnKeyframe(105);
  EXPECT_THAT(Nacks(nack, kStart), ElementsAre(105, 106, 107, 108, 109));
  EXPECT_FALSE(nack.KeyframeRequestNeeded());
}

}  // namespace
}  // namespace softmcu
