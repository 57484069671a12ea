#pragma once
// NTP timestamps (RFC 3550 §4) for our SRs. The SR's NTP time only has to be consistent
// with itself: peers use it for lip sync (relative) and echo its middle 32 bits as LSR, from
// which we compute RTT with ToCompactNtp() of the same clock. So the monotonic clock is
// used directly as "seconds since the NTP epoch"; no wall-clock mapping is needed.

#include <cstdint>

#include "core/units.h"

namespace softmcu {

inline uint64_t ToNtp64(Timestamp t) {
  const auto seconds = static_cast<uint64_t>(t.us() / 1'000'000);
  const auto fraction = static_cast<uint64_t>(t.us() % 1'000'000) * (uint64_t{1} << 32) / 1'000'000;
  return (seconds << 32) | fraction;
}

// Middle 32 bits of a 64-bit NTP timestamp (the "compact" form used by LSR).
inline uint32_t NtpMiddle32(uint64_t ntp) {
  return static_cast<uint32_t>(ntp >> 16);
}

}  // namespace softmcu
