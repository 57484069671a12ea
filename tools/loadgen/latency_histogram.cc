#include "tools/loadgen/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace softmcu::loadgen {

int LatencyHistogram::BucketOf(int64_t us) {
  const int64_t ms = std::max<int64_t>(us, 0) / 1000;
  if (ms < kFineBuckets) return static_cast<int>(ms);
  const int64_t coarse = (ms - kFineBuckets) / 10;
  return coarse < kCoarseBuckets ? kFineBuckets + static_cast<int>(coarse) : kBuckets - 1;
}

double LatencyHistogram::MidpointMs(int bucket) {
  if (bucket < kFineBuckets) return bucket + 0.5;
  if (bucket < kFineBuckets + kCoarseBuckets) return kFineBuckets + (bucket - kFineBuckets) * 10.0 + 5.0;
  return kFineBuckets + kCoarseBuckets * 10.0;  // the overflow bucket: 20 s and more
}

void LatencyHistogram::Add(TimeDelta latency) {
  ++buckets_[static_cast<size_t>(BucketOf(latency.us()))];
  ++count_;
  sum_us_ += std::max<int64_t>(latency.us(), 0);
  max_us_ = std::max(max_us_, latency.us());
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_us_ += other.sum_us_;
  max_us_ = std::max(max_us_, other.max_us_);
}

void LatencyHistogram::Subtract(const LatencyHistogram& earlier) {
  for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] -= std::min(buckets_[i], earlier.buckets_[i]);
  count_ -= std::min(count_, earlier.count_);
  sum_us_ -= std::min(sum_us_, earlier.sum_us_);
}

void LatencyHistogram::Clear() {
  buckets_.fill(0);
  count_ = 0;
  sum_us_ = 0;
  max_us_ = 0;
}

std::optional<double> LatencyHistogram::PercentileMs(double p) const {
  if (count_ == 0) return std::nullopt;
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * count_)));
  uint64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[static_cast<size_t>(b)];
    if (seen >= rank) return MidpointMs(b);
  }
  return MidpointMs(kBuckets - 1);
}

std::optional<double> LatencyHistogram::MeanMs() const {
  if (count_ == 0) return std::nullopt;
  return static_cast<double>(sum_us_) / 1000.0 / static_cast<double>(count_);
}

std::optional<double> LatencyHistogram::MaxMs() const {
  if (count_ == 0) return std::nullopt;
  return static_cast<double>(max_us_) / 1000.0;
}

}  // namespace softmcu::loadgen
