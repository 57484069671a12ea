#pragma once
// A latency distribution kept as counts, so an hour-long run with thousands of samples a
// second costs a fixed 15 KB: 1 ms buckets up to 2 s, 10 ms buckets up to 20 s, one bucket
// above. Percentiles are bucket midpoints (±0.5 ms below 2 s). Histograms of several
// receivers merge by adding counts. One thread; merge on one thread.

#include <array>
#include <cstdint>
#include <optional>

#include "core/units.h"

namespace softmcu::loadgen {

class LatencyHistogram {
 public:
  void Add(TimeDelta latency);
  void Merge(const LatencyHistogram& other);
  // Removes an earlier snapshot of this same histogram: what was added since (for "the last
  // second" figures). Max and mean then describe all samples, not only the recent ones.
  void Subtract(const LatencyHistogram& earlier);
  void Clear();

  uint64_t count() const { return count_; }
  // p in [0, 100]; nullopt without samples.
  std::optional<double> PercentileMs(double p) const;
  std::optional<double> MeanMs() const;
  std::optional<double> MaxMs() const;

 private:
  static constexpr int kFineBuckets = 2000;   // 0..1999 ms
  static constexpr int kCoarseBuckets = 1800;  // 2000..19999 ms by 10
  static constexpr int kBuckets = kFineBuckets + kCoarseBuckets + 1;
  static int BucketOf(int64_t us);
  static double MidpointMs(int bucket);

  std::array<uint32_t, kBuckets> buckets_{};
  uint64_t count_ = 0;
  int64_t sum_us_ = 0;
  int64_t max_us_ = 0;
};

}  // namespace softmcu::loadgen
