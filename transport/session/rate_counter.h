#pragma once
// Bytes per second over a sliding window, for "bitrate received" style statistics.
// A ring of fixed-width buckets allocated at construction: Add() never allocates.
// Time is passed in and must not go backwards (older samples are ignored).
//
// Until the first sample is a full window old, the rate is averaged over the time since
// that sample (at least one bucket), so the first values are noisy.

#include <cstdint>
#include <vector>

#include "core/units.h"

namespace softmcu {

class RateCounter {
 public:
  explicit RateCounter(TimeDelta window = TimeDelta::Seconds(1), TimeDelta bucket = TimeDelta::Millis(10));

  void Add(Timestamp now, DataSize size);
  // Zero when nothing was added within the window.
  DataRate Rate(Timestamp now) const;
  void Reset();

 private:
  int64_t BucketOf(Timestamp t) const { return t.us() / bucket_us_; }
  int64_t Slot(int64_t bucket) const;

  const int64_t bucket_us_;
  std::vector<int64_t> bytes_;  // bytes_[bucket % size()]; sized once
  bool has_samples_ = false;
  int64_t first_bucket_ = 0;
  int64_t newest_bucket_ = 0;
};

}  // namespace softmcu
