#pragma once
// The RTCP transmission interval of RFC 3550 §6.3.1, computed as Appendix A.7's
// rtcp_interval() does. A pure function: the random number is passed in, so the same
// inputs give the same interval (tests use fixed values; RtcpScheduler draws them).
//
//   rtcp_bw = 5% of the session bandwidth (§6.2)
//   if senders <= 25% of members: senders share 25% of rtcp_bw, receivers 75%
//   T = max(avg_rtcp_size * n / rtcp_bw, Tmin)      Tmin = 5 s, 2.5 s before the first report
//   T = T * uniform[0.5, 1.5] / (e - 3/2)           randomization and its compensation
//
// Optional reduced minimum (§6.2): Tmin = 360 / (session bandwidth in kbit/s) seconds,
// capped at 5 s, for sessions fast enough that 5 s is needlessly slow. The initial halving
// applies to whichever minimum is in use, as A.7 halves rtcp_min_time.

#include "core/units.h"

namespace softmcu {

enum class RtcpMinimum { kFixed, kReduced };

struct RtcpIntervalInput {
  int members = 2;       // including ourselves
  int senders = 1;       // including ourselves if we_sent
  bool we_sent = false;  // we sent RTP since the report before last (§6.3.8)
  bool initial = true;   // no compound RTCP packet sent yet
  DataRate session_bandwidth = DataRate::KilobitsPerSec(64);
  DataSize avg_rtcp_size = DataSize::Bytes(100);  // including UDP and IP headers (§6.2)
  RtcpMinimum minimum = RtcpMinimum::kFixed;
};

inline constexpr TimeDelta kRtcpMinInterval = TimeDelta::Seconds(5);  // §6.2 Tmin
inline constexpr double kRtcpBandwidthFraction = 0.05;                // §6.2
inline constexpr double kRtcpSenderBandwidthFraction = 0.25;          // A.7
inline constexpr double kRtcpCompensation = 2.71828 - 1.5;            // A.7 e - 3/2

// The deterministic part: max(avg_size * n / rtcp_bw, Tmin), before randomization.
TimeDelta RtcpDeterministicInterval(const RtcpIntervalInput& in);

// The interval to the next report. `uniform01` is a random number in [0, 1): the
// interval is RtcpDeterministicInterval() * (uniform01 + 0.5) / kRtcpCompensation.
TimeDelta ComputeRtcpInterval(const RtcpIntervalInput& in, double uniform01);

}  // namespace softmcu
