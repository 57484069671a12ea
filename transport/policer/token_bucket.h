#pragma once
// A token bucket over bytes: tokens accrue at `rate` up to `burst`; a packet passes if
// the bucket holds its size. Time is passed in (CONVENTIONS.md §9), so the bucket is a
// pure state machine that tests drive with simulated time.

#include "core/units.h"

namespace softmcu {

class TokenBucket {
 public:
  // Starts full: a point that just joined may send its first keyframe at once.
  TokenBucket(DataRate rate, DataSize burst, Timestamp now);

  // Takes `size` tokens and returns true, or takes nothing and returns false.
  bool TryConsume(DataSize size, Timestamp now);
  // Takes `size` tokens even if that leaves the bucket in debt (used by the pacer,
  // which has already decided to send); the debt is repaid before anything else passes.
  void ForceConsume(DataSize size, Timestamp now);
  // Tokens available at `now` (may be negative after ForceConsume).
  DataSize Available(Timestamp now);
  // When `size` tokens will be available, given no other consumption.
  Timestamp TimeWhenAvailable(DataSize size, Timestamp now) const;

  void SetRate(DataRate rate, DataSize burst, Timestamp now);
  DataRate rate() const { return rate_; }
  DataSize burst() const { return burst_; }

 private:
  void Refill(Timestamp now);
  int64_t TokensAt(Timestamp now) const;  // bit-µs, as Refill would leave them

  DataRate rate_;
  DataSize burst_;
  // Kept in bit-microseconds (bits × 1e6) so slow rates accrue without rounding loss.
  int64_t tokens_bit_us_;
  Timestamp last_;
};

}  // namespace softmcu
