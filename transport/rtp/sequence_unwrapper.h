#pragma once
// Unwraps RTP's wrapping counters (16-bit sequence numbers, 32-bit timestamps) into
// monotonic 64-bit values: each new value is placed at the nearest distance from the
// last one, so a reordered packet goes slightly backwards instead of jumping 2^16 ahead.

#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>

namespace softmcu {

template <typename T>
class Unwrapper {
  static_assert(std::is_unsigned_v<T> && sizeof(T) < sizeof(int64_t));

 public:
  int64_t Unwrap(T value) {
    if (!last_) {
      last_ = value;
      last_unwrapped_ = value;
      return last_unwrapped_;
    }
    using Signed = std::make_signed_t<T>;
    // Difference modulo 2^N reinterpreted as signed: the shortest way round the circle.
    auto delta = static_cast<Signed>(static_cast<T>(value - *last_));
    last_unwrapped_ += delta;
    last_ = value;
    return last_unwrapped_;
  }
  // Unwraps without remembering: where would `value` land relative to the last one?
  int64_t PeekUnwrap(T value) const {
    if (!last_) return value;
    using Signed = std::make_signed_t<T>;
    return last_unwrapped_ + static_cast<Signed>(static_cast<T>(value - *last_));
  }
  void Reset() { last_.reset(); }

 private:
  std::optional<T> last_;
  int64_t last_unwrapped_ = 0;
};

using SequenceNumberUnwrapper = Unwrapper<uint16_t>;
using RtpTimestampUnwrapper = Unwrapper<uint32_t>;

// a is newer than b in 16-bit sequence space (RFC 1982 serial number arithmetic).
inline bool IsNewerSequenceNumber(uint16_t a, uint16_t b) {
  return a != b && static_cast<uint16_t>(a - b) < 0x8000;
}

}  // namespace softmcu
