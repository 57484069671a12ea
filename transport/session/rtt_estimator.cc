#include "transport/session/rtt_estimator.h"

#include <algorithm>

namespace softmcu {

uint32_t ToCompactNtp(Timestamp ntp_time) {
  const int64_t us = ntp_time.us();
  const auto seconds = static_cast<uint32_t>(us / 1'000'000);
  // Fraction of a second in 1/65536 units, rounded to nearest.
  auto fraction = static_cast<uint32_t>(((us % 1'000'000) * 65536 + 500'000) / 1'000'000);
  uint32_t compact = (seconds << 16);
  return compact + fraction;  // a fraction rounded up to 65536 carries into the seconds
}

TimeDelta CompactNtpToTimeDelta(uint32_t compact_interval) {
  const int64_t units = compact_interval;
  return TimeDelta::Micros((units * 1'000'000 + 32768) / 65536);
}

uint32_t TimeDeltaToCompactNtp(TimeDelta delta) {
  return static_cast<uint32_t>((delta.us() * 65536 + 500'000) / 1'000'000);
}

std::optional<TimeDelta> RttEstimator::OnReportBlock(uint32_t arrival_compact_ntp, uint32_t last_sr,
                                                     uint32_t delay_since_last_sr) {
  // RFC 3550 §6.4.1: "If no SR packets have been received yet ... the LSR field is set to zero".
  if (last_sr == 0) return std::nullopt;
  // Modulo 2^32: the seconds field wraps every 18 hours.
  const uint32_t rtt_compact = arrival_compact_ntp - last_sr - delay_since_last_sr;
  TimeDelta rtt = kMinRtt;
  if (rtt_compact < 0x80000000u) rtt = std::max(kMinRtt, CompactNtpToTimeDelta(rtt_compact));
  latest_ = rtt;
  min_ = min_ ? std::min(*min_, rtt) : rtt;
  smoothed_ =
      smoothed_
          ? TimeDelta::Micros(static_cast<int64_t>((1 - kSmoothing) * static_cast<double>(smoothed_->us()) +
                                                   kSmoothing * static_cast<double>(rtt.us())))
          : rtt;
  return rtt;
}

}  // namespace softmcu
