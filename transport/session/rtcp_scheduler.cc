#include "transport/session/rtcp_scheduler.h"

#include <cmath>
#include <utility>

namespace softmcu {

RtcpScheduler::RtcpScheduler(Config config, Timestamp now)
    : uniform01_(std::move(config.uniform01)),
      generator_(config.seed),
      avg_size_bytes_(static_cast<double>(config.initial_avg_rtcp_size.bytes())),
      previous_(now) {
  input_.session_bandwidth = config.session_bandwidth;
  input_.minimum = config.minimum;
  input_.avg_rtcp_size = config.initial_avg_rtcp_size;
  input_.initial = true;
  next_ = now + DrawInterval();
}

TimeDelta RtcpScheduler::DrawInterval() {
  double u = 0;
  if (uniform01_) {
    u = uniform01_();
  } else {
    u = std::uniform_real_distribution<double>(0.0, 1.0)(generator_);
  }
  return ComputeRtcpInterval(input_, u);
}

void RtcpScheduler::SetMembers(int members, int senders) {
  input_.members = members;
  input_.senders = senders;
}

bool RtcpScheduler::ShouldSend(Timestamp now) {
  if (now < next_) return false;
  // A.7 OnExpire: reconsider with the current state; send only if tp + T has passed.
  const Timestamp reconsidered = previous_ + DrawInterval();
  if (reconsidered <= now) return true;
  next_ = reconsidered;
  return false;
}

void RtcpScheduler::UpdateAverageSize(DataSize size) {
  // A.7: avg_rtcp_size = 1/16 * packet_size + 15/16 * avg_rtcp_size.
  avg_size_bytes_ = static_cast<double>(size.bytes()) / 16.0 + avg_size_bytes_ * 15.0 / 16.0;
  input_.avg_rtcp_size = DataSize::Bytes(std::lround(avg_size_bytes_));
}

void RtcpScheduler::OnSent(Timestamp now, DataSize size) {
  UpdateAverageSize(size);
  previous_ = now;
  input_.initial = false;
  next_ = now + DrawInterval();
  allow_early_ = true;  // RFC 4585 §3.5.2: a regular report re-enables early feedback
}

void RtcpScheduler::OnReceived(DataSize size) {
  UpdateAverageSize(size);
}

void RtcpScheduler::OnEarlySent(DataSize size) {
  UpdateAverageSize(size);
  allow_early_ = false;
}

}  // namespace softmcu
