#include "transport/policer/token_bucket.h"

#include <algorithm>

namespace softmcu {

namespace {
constexpr int64_t ToBitMicros(DataSize s) {
  return s.bits() * 1'000'000;
}
}  // namespace

TokenBucket::TokenBucket(DataRate rate, DataSize burst, Timestamp now)
    : rate_(rate), burst_(burst), tokens_bit_us_(ToBitMicros(burst)), last_(now) {}

int64_t TokenBucket::TokensAt(Timestamp now) const {
  if (now <= last_) return tokens_bit_us_;
  return std::min(ToBitMicros(burst_), tokens_bit_us_ + rate_.bps() * (now - last_).us());
}

void TokenBucket::Refill(Timestamp now) {
  if (now <= last_) return;
  tokens_bit_us_ = TokensAt(now);
  last_ = now;
}

bool TokenBucket::TryConsume(DataSize size, Timestamp now) {
  Refill(now);
  if (tokens_bit_us_ < ToBitMicros(size)) return false;
  tokens_bit_us_ -= ToBitMicros(size);
  return true;
}

void TokenBucket::ForceConsume(DataSize size, Timestamp now) {
  Refill(now);
  tokens_bit_us_ -= ToBitMicros(size);
}

DataSize TokenBucket::Available(Timestamp now) {
  Refill(now);
  return DataSize::Bytes(tokens_bit_us_ / 8'000'000);
}

Timestamp TokenBucket::TimeWhenAvailable(DataSize size, Timestamp now) const {
  int64_t missing = ToBitMicros(size) - TokensAt(now);
  if (missing <= 0) return now;
  if (rate_.bps() <= 0) return now + TimeDelta::Seconds(3600);
  return now + TimeDelta::Micros((missing + rate_.bps() - 1) / rate_.bps());
}

void TokenBucket::SetRate(DataRate rate, DataSize burst, Timestamp now) {
  Refill(now);
  rate_ = rate;
  burst_ = burst;
  tokens_bit_us_ = std::min(tokens_bit_us_, ToBitMicros(burst_));
}

}  // namespace softmcu
