#include "transport/session/rate_counter.h"

#include <algorithm>

#include "core/check.h"

namespace softmcu {

RateCounter::RateCounter(TimeDelta window, TimeDelta bucket)
    : bucket_us_(bucket.us()), bytes_(static_cast<size_t>(std::max<int64_t>(1, window.us() / bucket.us()))) {
  SOFTMCU_CHECK(bucket.us() > 0 && window >= bucket);
}

int64_t RateCounter::Slot(int64_t bucket) const {
  const auto n = static_cast<int64_t>(bytes_.size());
  return ((bucket % n) + n) % n;
}

void RateCounter::Add(Timestamp now, DataSize size) {
  const int64_t b = BucketOf(now);
  const auto n = static_cast<int64_t>(bytes_.size());
  if (!has_samples_) {
    has_samples_ = true;
    first_bucket_ = newest_bucket_ = b;
    std::fill(bytes_.begin(), bytes_.end(), 0);
  } else if (b > newest_bucket_) {
    // Empty the buckets skipped over since the last sample (all of them after a long pause).
    for (int64_t k = newest_bucket_ + 1; k <= std::min(b, newest_bucket_ + n); ++k) bytes_[Slot(k)] = 0;
    newest_bucket_ = b;
  } else if (b <= newest_bucket_ - n) {
    return;  // older than the window
  }
  bytes_[Slot(b)] += size.bytes();
}

DataRate RateCounter::Rate(Timestamp now) const {
  if (!has_samples_) return DataRate::BitsPerSec(0);
  const int64_t b = BucketOf(now);
  const auto n = static_cast<int64_t>(bytes_.size());
  const int64_t oldest = std::max({b - n + 1, newest_bucket_ - n + 1, first_bucket_});
  int64_t sum = 0;
  for (int64_t k = oldest; k <= std::min(b, newest_bucket_); ++k) sum += bytes_[Slot(k)];
  const int64_t span_buckets = std::min(n, b - std::max(first_bucket_, b - n + 1) + 1);
  if (span_buckets <= 0) return DataRate::BitsPerSec(0);
  return DataRate::BitsPerSec(sum * 8 * 1'000'000 / (span_buckets * bucket_us_));
}

void RateCounter::Reset() {
  has_samples_ = false;
}

}  // namespace softmcu
