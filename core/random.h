#pragma once
// Unpredictable-enough numbers for protocol identifiers that RFCs want random (RTP SSRCs,
// initial sequence numbers and timestamps, SIP tags and branches). Not for keys: SRTP
// keys and passwords come from OpenSSL's CSPRNG.

#include <cstdint>
#include <random>

namespace softmcu {

inline uint32_t RandomU32() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return static_cast<uint32_t>(engine());
}

}  // namespace softmcu
