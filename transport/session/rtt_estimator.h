#pragma once
// Round-trip time from the report blocks a remote receiver sends about our stream
// (RFC 3550 §6.4.1): RTT = A - LSR - DLSR in the 32-bit "compact" NTP format
// (16 bits of seconds, 16 bits of fraction), where A is when the report block arrived,
// LSR echoes the middle 32 bits of the SR we sent, and DLSR is how long the remote held it.
//
// A must be read from the SAME clock that stamped our SR's NTP timestamp: the caller
// converts the arrival time with that clock's mapping and passes the compact value in.
// If SRs are stamped with ToCompactNtp(t + offset) for a fixed offset, use the same offset.
//
// Pure state machine; no clock is read. One event-loop thread.

#include <cstdint>
#include <optional>

#include "core/units.h"

namespace softmcu {

// A time on the NTP-mapped clock, as compact NTP: the low 16 bits of the seconds and the
// high 16 bits of the fraction. `ntp_time` counts from the NTP epoch (1900) when it feeds
// an SR; for RTT any common origin works since only differences matter.
uint32_t ToCompactNtp(Timestamp ntp_time);
// Middle 32 bits of a 64-bit NTP timestamp (RFC 3550 §4), e.g. an SR's, as LSR wants it.
inline uint32_t CompactNtpFromFull(uint32_t ntp_seconds, uint32_t ntp_fraction) {
  return (ntp_seconds << 16) | (ntp_fraction >> 16);
}
// An interval in compact NTP units (1/65536 s), rounded to the nearest microsecond.
TimeDelta CompactNtpToTimeDelta(uint32_t compact_interval);
uint32_t TimeDeltaToCompactNtp(TimeDelta delta);

class RttEstimator {
 public:
  // Weight of a new sample in the smoothed RTT (RFC 6298's alpha).
  static constexpr double kSmoothing = 1.0 / 8.0;
  // Rounding of LSR/DLSR to 1/65536 s can make a short RTT come out slightly negative.
  static constexpr TimeDelta kMinRtt = TimeDelta::Millis(1);

  // One report block about our stream arrived at `arrival_compact_ntp`. Returns the RTT
  // sample, or nullopt when LSR is 0 (the remote has not received an SR from us yet).
  std::optional<TimeDelta> OnReportBlock(uint32_t arrival_compact_ntp, uint32_t last_sr,
                                         uint32_t delay_since_last_sr);

  std::optional<TimeDelta> latest() const { return latest_; }
  std::optional<TimeDelta> smoothed() const { return smoothed_; }
  std::optional<TimeDelta> min() const { return min_; }

 private:
  std::optional<TimeDelta> latest_;
  std::optional<TimeDelta> smoothed_;
  std::optional<TimeDelta> min_;
};

}  // namespace softmcu
