// Policer figures for `softmcu-bench transport`: the rate a 4 Mbps point policer delivers
// when offered 2, 4 and 6 Mbps of 1200-byte packets (over 60 s of simulated time, so the
// figure is exact and machine-independent), and the CPU cost of one policing decision.
// The reference of the delivered rate is what an ideal policer delivers: min(offered, budget).

#include <fmt/format.h>

#include <algorithm>

#include "bench/suites.h"
#include "transport/policer/point_policer.h"

namespace softmcu::bench {

void RunPolicerBench(const SuiteOptions& options, BenchReport& report) {
  const DataRate budget = DataRate::KilobitsPerSec(4000);
  const auto packet = DataSize::Bytes(1200);
  const TimeDelta duration = TimeDelta::Seconds(60);
  for (int64_t offered_kbps : {2000, 4000, 6000}) {
    PolicerConfig config;
    config.rate = budget;
    Timestamp now = Timestamp::Seconds(1);
    PointPolicer policer(config, now);
    const DataRate offered = DataRate::KilobitsPerSec(offered_kbps);
    const TimeDelta gap = offered.TimeFor(packet);
    // The first second drains the burst allowance; measure the steady state after it.
    for (Timestamp end = now + TimeDelta::Seconds(1); now < end; now += gap) policer.OnPacket(packet, now);
    int64_t passed = 0;
    for (Timestamp end = now + duration; now < end; now += gap) {
      if (policer.OnPacket(packet, now) == PolicerVerdict::kPass) passed += packet.bytes();
    }
    double delivered_mbps = static_cast<double>(passed) * 8 / duration.seconds() / 1e6;
    double ideal_mbps = std::min(offered.mbps(), budget.mbps());
    report.AddCompared(fmt::format("policer delivered, {} Mbps offered into 4 Mbps", offered_kbps / 1000),
                       delivered_mbps, ideal_mbps, "Mbps");
  }

  // Cost of a decision: a 6 Mbps stream into 4 Mbps, so both verdicts are exercised.
  PolicerConfig config;
  PointPolicer policer(config, Timestamp::Seconds(1));
  const int64_t iterations = static_cast<int64_t>(20'000'000 * options.scale);
  Timestamp now = Timestamp::Seconds(1);
  const TimeDelta gap = DataRate::KilobitsPerSec(6000).TimeFor(packet);
  uint64_t passed = 0;
  double start = ThreadCpuSeconds();
  for (int64_t i = 0; i < iterations; ++i, now += gap)
    passed += policer.OnPacket(packet, now) == PolicerVerdict::kPass;
  double seconds = ThreadCpuSeconds() - start;
  report.Add("policer decision", seconds / static_cast<double>(iterations) * 1e9, "ns/packet");
  if (passed == 0) report.Add("policer sanity (nothing passed!)", 0, "");
}

}  // namespace softmcu::bench
