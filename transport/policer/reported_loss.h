#pragma once
// The loss a point reports on one of our streams, over windows of at least `window` and
// `min_packets`, from the cumulative counts of its RTCP report blocks (RFC 3550 §6.4.1):
// a report's own "fraction lost" covers whatever interval the receiver chose — a tenth of
// a second, a dozen packets — and reads 20 % for two packets missing.
//
// Pure state machine: time comes in; one thread.

#include <algorithm>
#include <cstdint>
#include <optional>

#include "core/units.h"

namespace softmcu {

class ReportedLoss {
 public:
  explicit ReportedLoss(TimeDelta window = TimeDelta::Seconds(1), int64_t min_packets = 30)
      : window_(window), min_packets_(min_packets) {}

  // A report block's cumulative lost and extended highest sequence number; the loss over
  // the window it completes (0..1), or nullopt while the window is still open.
  std::optional<double> OnReport(int64_t cumulative_lost, int64_t highest_sequence, Timestamp now) {
    if (!start_ || highest_sequence < start_->highest) {
      start_ = Mark{cumulative_lost, highest_sequence, now};  // first report, or a reset
      return std::nullopt;
    }
    const int64_t expected = highest_sequence - start_->highest;
    if (now - start_->at < window_ || expected < min_packets_) return std::nullopt;
    const double loss = std::clamp(static_cast<double>(cumulative_lost - start_->lost) / expected, 0.0, 1.0);
    start_ = Mark{cumulative_lost, highest_sequence, now};
    last_ = loss;
    return loss;
  }
  double last() const { return last_; }

 private:
  struct Mark {
    int64_t lost = 0;
    int64_t highest = 0;
    Timestamp at;
  };
  const TimeDelta window_;
  const int64_t min_packets_;
  std::optional<Mark> start_;
  double last_ = 0;
};

}  // namespace softmcu
