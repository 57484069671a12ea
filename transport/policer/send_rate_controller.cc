#include "transport/policer/send_rate_controller.h"

#include <algorithm>
#include <array>

namespace softmcu {
namespace {
// Steps under the room's rate (kbps): coarse, so receivers share encoders.
constexpr std::array<int64_t, 8> kLadderKbps = {3000, 2000, 1500, 1000, 700, 500, 350, 250};
constexpr double kHighLoss = 0.10;
constexpr double kLowLoss = 0.02;
}  // namespace

SendRateController::SendRateController(DataRate max_rate, DataRate min_rate)
    : max_rate_(max_rate),
      min_rate_(std::min(min_rate, max_rate)),
      rate_(max_rate),
      tier_(max_rate),
      loss_(kWindow, kMinPackets) {}

void SendRateController::OnReport(int64_t cumulative_lost, int64_t highest_sequence, DataRate sending,
                                  Timestamp now) {
  const std::optional<double> judged = loss_.OnReport(cumulative_lost, highest_sequence, now);
  if (!judged) return;
  const double loss = *judged;
  if (loss > kHighLoss) {
    const DataRate from = sending.bps() > 0 ? std::min(rate_, sending) : rate_;
    rate_ = std::max(min_rate_, DataRate::BitsPerSec(static_cast<int64_t>(from.bps() * (1 - 0.5 * loss))));
    ceiling_ = std::max(rate_, DataRate::BitsPerSec(from.bps() * 9 / 10));
    last_decrease_ = now;
  } else if (loss < kLowLoss && rate_ < max_rate_) {
    if (last_decrease_ && now - *last_decrease_ < kHoldAfterDecrease) return;
    DataRate limit = max_rate_;
    if (last_decrease_ && now - *last_decrease_ < kCeilingHold) limit = std::min(limit, ceiling_);
    rate_ = std::max(rate_, std::min(limit, DataRate::BitsPerSec(static_cast<int64_t>(rate_.bps() * 1.08) + 10'000)));
  }
  UpdateTier();
}

void SendRateController::UpdateTier() {
  // Candidate steps: the room's rate, then the ladder's steps below it.
  auto step_at_or_under = [&](DataRate rate) {
    if (rate >= max_rate_) return max_rate_;
    for (int64_t kbps : kLadderKbps) {
      const DataRate step = DataRate::KilobitsPerSec(kbps);
      if (step < max_rate_ && step <= rate) return step;
    }
    return std::min(max_rate_, DataRate::KilobitsPerSec(kLadderKbps.back()));
  };
  const DataRate target = step_at_or_under(rate_);
  if (rate_ >= max_rate_ || target < tier_) {
    tier_ = target;
  } else if (target > tier_ && rate_.bps() >= target.bps() * 11 / 10) {
    tier_ = target;  // past the step by 10 %: not back and forth on its edge
  } else if (target > tier_) {
    // Between a step and 10 % past it: take the step under the rate less 10 %.
    const DataRate lower = step_at_or_under(DataRate::BitsPerSec(rate_.bps() * 10 / 11));
    tier_ = std::max(tier_, lower);
  }
}

}  // namespace softmcu
