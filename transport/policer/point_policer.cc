#include "transport/policer/point_policer.h"

#include <fmt/format.h>

#include "core/check.h"

namespace softmcu {

Result<void> PolicerConfig::Validate() const {
  if (rate < kMinRate || rate > kMaxRate) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("bandwidth {:.3f} Mbps is outside 0.1–20 Mbps", rate.mbps()));
  }
  if (burst_duration < TimeDelta::Millis(10) || burst_duration > TimeDelta::Seconds(5)) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("burst {} ms is outside 10–5000 ms", burst_duration.ms()));
  }
  if (!(feedback_fraction > 0.1 && feedback_fraction <= 1.0)) {
    return MakeError(ErrorCode::kOutOfRange, "feedback fraction must be in (0.1, 1]");
  }
  if (feedback_interval <= TimeDelta::Zero() || feedback_min_interval <= TimeDelta::Zero()) {
    return MakeError(ErrorCode::kOutOfRange, "feedback intervals must be positive");
  }
  return {};
}

PointPolicer::PointPolicer(const PolicerConfig& config, Timestamp now)
    : config_(config), bucket_(config.rate, config.burst(), now) {
  SOFTMCU_CHECK(config.Validate().has_value());
}

PolicerVerdict PointPolicer::OnPacket(DataSize size, Timestamp now) {
  if (bucket_.TryConsume(size, now)) {
    ++stats_.passed_packets;
    stats_.passed_bytes += static_cast<uint64_t>(size.bytes());
    return PolicerVerdict::kPass;
  }
  ++stats_.dropped_packets;
  stats_.dropped_bytes += static_cast<uint64_t>(size.bytes());
  return PolicerVerdict::kDrop;
}

bool PointPolicer::FeedbackPeek(Timestamp now) const {
  return !last_feedback_ || now - *last_feedback_ >= config_.feedback_interval ||
         (stats_.dropped_packets > drops_at_last_feedback_ &&
          now - *last_feedback_ >= config_.feedback_min_interval);
}

std::optional<DataRate> PointPolicer::FeedbackDue(Timestamp now) {
  if (!FeedbackPeek(now)) return std::nullopt;
  last_feedback_ = now;
  drops_at_last_feedback_ = stats_.dropped_packets;
  ++stats_.feedback_sent;
  return announced_rate();
}

Result<void> PointPolicer::Reconfigure(const PolicerConfig& config, Timestamp now) {
  if (auto ok = config.Validate(); !ok) return ok;
  config_ = config;
  bucket_.SetRate(config.rate, config.burst(), now);
  last_feedback_.reset();
  return {};
}

void PointPolicer::SetAnnouncedCap(std::optional<DataRate> cap) {
  if (cap == cap_) return;
  cap_ = cap;
  last_feedback_.reset();
}

DataRate PointPolicer::announced_rate() const {
  const DataRate budget = DataRate::BitsPerSec(
      static_cast<int64_t>(static_cast<double>(config_.rate.bps()) * config_.feedback_fraction));
  return cap_ && *cap_ < budget ? *cap_ : budget;
}

}  // namespace softmcu
