#include "transport/session/rtcp_interval.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

constexpr double kC = kRtcpCompensation;  // e - 3/2 = 1.21828

RtcpIntervalInput TwoPartyCall() {
  RtcpIntervalInput in;
  in.members = 2;
  in.senders = 2;
  in.we_sent = true;
  in.initial = false;
  in.session_bandwidth = DataRate::KilobitsPerSec(64);
  in.avg_rtcp_size = DataSize::Bytes(100);
  return in;
}

TEST(RtcpInterval, SmallSessionUsesFiveSecondMinimum) {
  // rtcp_bw = 5% of 64 kbit/s = 400 B/s; 2 members * 100 B / 400 B/s = 0.5 s < 5 s.
  EXPECT_EQ(RtcpDeterministicInterval(TwoPartyCall()), TimeDelta::Seconds(5));
}

TEST(RtcpInterval, InitialMinimumIsHalved) {
  auto in = TwoPartyCall();
  in.initial = true;
  EXPECT_EQ(RtcpDeterministicInterval(in), TimeDelta::Millis(2500));
}

TEST(RtcpInterval, RandomizationSpansHalfToThreeHalvesOverCompensation) {
  const auto in = TwoPartyCall();
  EXPECT_NEAR(ComputeRtcpInterval(in, 0.0).seconds(), 5 * 0.5 / kC, 1e-6);
  EXPECT_NEAR(ComputeRtcpInterval(in, 0.5).seconds(), 5 * 1.0 / kC, 1e-6);
  EXPECT_NEAR(ComputeRtcpInterval(in, 1.0).seconds(), 5 * 1.5 / kC, 1e-6);
  EXPECT_NEAR(5 * 0.5 / kC, 2.0521, 1e-4);
  EXPECT_NEAR(5 * 1.5 / kC, 6.1562, 1e-4);
}

TEST(RtcpInterval, ReceiversShareThreeQuartersWhenSendersAreFew) {
  RtcpIntervalInput in;
  in.initial = false;
  in.members = 1000;
  in.senders = 10;
  in.we_sent = false;
  in.session_bandwidth = DataRate::KilobitsPerSec(1000);  // rtcp_bw 6250 B/s
  in.avg_rtcp_size = DataSize::Bytes(200);
  // 990 receivers * 200 B / (0.75 * 6250 B/s) = 42.24 s.
  EXPECT_NEAR(RtcpDeterministicInterval(in).seconds(), 990 * 200 / 4687.5, 1e-6);
}

TEST(RtcpInterval, SendersShareOneQuarterWhenFew) {
  RtcpIntervalInput in;
  in.initial = false;
  in.members = 1000;
  in.senders = 10;
  in.we_sent = true;
  in.session_bandwidth = DataRate::KilobitsPerSec(1000);
  in.avg_rtcp_size = DataSize::Bytes(1000);
  // 10 senders * 1000 B / (0.25 * 6250 B/s) = 6.4 s.
  EXPECT_NEAR(RtcpDeterministicInterval(in).seconds(), 6.4, 1e-6);
}

TEST(RtcpInterval, NoSeparateSenderShareWhenSendersExceedQuarter) {
  RtcpIntervalInput in;
  in.initial = false;
  in.members = 4;
  in.senders = 2;
  in.we_sent = true;
  in.session_bandwidth = DataRate::KilobitsPerSec(1000);
  in.avg_rtcp_size = DataSize::Bytes(10000);
  // All 4 members share 6250 B/s: 4 * 10000 / 6250 = 6.4 s.
  EXPECT_NEAR(RtcpDeterministicInterval(in).seconds(), 6.4, 1e-6);
}

TEST(RtcpInterval, ReducedMinimumIs360OverKilobitsPerSecond) {
  auto in = TwoPartyCall();
  in.minimum = RtcpMinimum::kReduced;
  in.session_bandwidth = DataRate::KilobitsPerSec(1000);
  in.avg_rtcp_size = DataSize::Bytes(10);
  EXPECT_EQ(RtcpDeterministicInterval(in), TimeDelta::Millis(360));
  in.initial = true;
  EXPECT_EQ(RtcpDeterministicInterval(in), TimeDelta::Millis(180));
}

TEST(RtcpInterval, ReducedMinimumNeverExceedsFiveSeconds) {
  auto in = TwoPartyCall();
  in.minimum = RtcpMinimum::kReduced;
  in.session_bandwidth = DataRate::KilobitsPerSec(32);  // 360/32 = 11.25 s
  EXPECT_EQ(RtcpDeterministicInterval(in), TimeDelta::Seconds(5));
}

}  // namespace
}  // namespace softmcu
