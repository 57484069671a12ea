#include "transport/session/rtcp_interval.h"

#include <algorithm>

namespace softmcu {

TimeDelta RtcpDeterministicInterval(const RtcpIntervalInput& in) {
  double min_seconds = kRtcpMinInterval.seconds();
  if (in.minimum == RtcpMinimum::kReduced && in.session_bandwidth.bps() > 0) {
    // §6.2: "360 divided by the session bandwidth in kilobits/second".
    min_seconds = std::min(min_seconds, 360.0 / (static_cast<double>(in.session_bandwidth.bps()) / 1000.0));
  }
  if (in.initial) min_seconds /= 2;  // A.7: rtcp_min_time /= 2 for the first report

  double rtcp_bytes_per_second =
      static_cast<double>(in.session_bandwidth.bps()) / 8.0 * kRtcpBandwidthFraction;
  double n = std::max(1, in.members);
  // A.7: "Dedicate a fraction of the RTCP bandwidth to senders unless the number of
  // senders is large enough that their share is more than that fraction."
  if (in.senders <= in.members * kRtcpSenderBandwidthFraction) {
    if (in.we_sent) {
      rtcp_bytes_per_second *= kRtcpSenderBandwidthFraction;
      n = std::max(1, in.senders);
    } else {
      rtcp_bytes_per_second *= 1 - kRtcpSenderBandwidthFraction;
      n = std::max(1, in.members - in.senders);
    }
  }
  double t = rtcp_bytes_per_second > 0
                 ? static_cast<double>(in.avg_rtcp_size.bytes()) * n / rtcp_bytes_per_second
                 : min_seconds;
  t = std::max(t, min_seconds);
  return TimeDelta::SecondsF(t);
}

TimeDelta ComputeRtcpInterval(const RtcpIntervalInput& in, double uniform01) {
  const double factor = std::clamp(uniform01, 0.0, 1.0) + 0.5;  // A.7: drand48() + 0.5
  return TimeDelta::SecondsF(RtcpDeterministicInterval(in).seconds() * factor / kRtcpCompensation);
}

}  // namespace softmcu
