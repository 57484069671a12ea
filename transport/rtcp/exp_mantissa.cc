#include "transport/rtcp/exp_mantissa.h"

#include <limits>

namespace softmcu::rtcp {

ExpMantissa EncodeExpMantissa(uint64_t value, int mantissa_bits) {
  const uint64_t mantissa_limit = uint64_t{1} << mantissa_bits;
  uint8_t exponent = 0;
  while ((value >> exponent) >= mantissa_limit) ++exponent;
  return ExpMantissa{exponent, static_cast<uint32_t>(value >> exponent)};
}

std::optional<int64_t> DecodeExpMantissa(uint8_t exponent, uint32_t mantissa) {
  if (mantissa == 0) return 0;
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (exponent >= 63 || mantissa > (kMax >> exponent)) return std::nullopt;
  return static_cast<int64_t>(uint64_t{mantissa} << exponent);
}

}  // namespace softmcu::rtcp
