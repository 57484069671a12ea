#pragma once
// How much video one point can take from us, from the loss it reports on what we send it
// (RTCP report blocks about our video SSRC): a loss-based controller in the manner of the
// loss half of Google Congestion Control (draft-ietf-rmcat-gcc-02 §6), judged once per
// window of at least kWindow and kMinPackets (ReportedLoss):
//
//   loss > 10 %   rate = min(rate, what we send) * (1 - 0.5 * loss)
//   loss < 2 %    rate *= 1.08 (+ 10 kbps), not within kHoldAfterDecrease of a decrease,
//                 and for kCeilingHold after it not above 90 % of what was sent when the
//                 loss came (the line's width, roughly: probing past it every few seconds
//                 froze a 1.5 Mbps branch a quarter of the time)
//   in between    hold
//
// bounded to [min_rate, max_rate] (max_rate: the point's budget for video, or the room's).
// A receiver reports loss after our retransmissions arrived (RFC 3550 counts a packet
// received whatever its copy), so random loss the NACKs repair does not lower the rate;
// a line that is too narrow (a shaper dropping what exceeds it) does.
//
// `tier()` quantises the rate to a short ladder so that receivers on similar lines share a
// view encoder (ViewSet: views that differ in tier share one composition): the largest
// step at or under the rate, moving up only once the rate is 10 % past the next step.
//
// Pure state machine: time comes in; one thread (the point's media loop).

#include <optional>

#include "core/units.h"
#include "transport/policer/reported_loss.h"

namespace softmcu {

class SendRateController {
 public:
  static constexpr TimeDelta kWindow = TimeDelta::Seconds(1);
  static constexpr int64_t kMinPackets = 30;
  static constexpr TimeDelta kHoldAfterDecrease = TimeDelta::Seconds(3);
  static constexpr TimeDelta kCeilingHold = TimeDelta::Seconds(30);

  SendRateController(DataRate max_rate, DataRate min_rate = DataRate::KilobitsPerSec(150));

  // A report block about our stream: its cumulative lost and extended highest sequence
  // number (RFC 3550 §6.4.1); `sending` what we sent the point lately (the first decrease
  // starts from it, not from a budget the point never got).
  void OnReport(int64_t cumulative_lost, int64_t highest_sequence, DataRate sending, Timestamp now);
  // Loss over the last window judged (0..1).
  double last_loss() const { return loss_.last(); }

  DataRate rate() const { return rate_; }
  DataRate tier() const { return tier_; }
  DataRate max_rate() const { return max_rate_; }

 private:
  void UpdateTier();

  const DataRate max_rate_;
  const DataRate min_rate_;
  DataRate rate_;
  DataRate tier_;
  std::optional<Timestamp> last_decrease_;
  DataRate ceiling_;  // while now - last_decrease_ < kCeilingHold
  ReportedLoss loss_;
};

}  // namespace softmcu
