#pragma once
// The floating-point-ish bitrate encoding of TMMBR/TMMBN (RFC 5104 §4.2.1.1: 6-bit
// exponent, 17-bit mantissa) and REMB (draft-alvestrand-rmcat-remb-03 §2.2: 6-bit
// exponent, 18-bit mantissa): value = mantissa * 2^exponent.

#include <cstdint>
#include <optional>

namespace softmcu::rtcp {

struct ExpMantissa {
  uint8_t exponent = 0;
  uint32_t mantissa = 0;
  bool operator==(const ExpMantissa&) const = default;
};

// The smallest exponent whose mantissa fits `mantissa_bits` (≤ 31). Rounds down, which is
// what a maximum-bitrate request wants (RFC 5104 §4.2.1.1 leaves rounding to the sender;
// asking for less is the safe side). Encoding a decoded value gives back the same value.
ExpMantissa EncodeExpMantissa(uint64_t value, int mantissa_bits);

// nullopt when mantissa * 2^exponent does not fit 63 bits (a DataRate's int64 bps).
std::optional<int64_t> DecodeExpMantissa(uint8_t exponent, uint32_t mantissa);

}  // namespace softmcu::rtcp
