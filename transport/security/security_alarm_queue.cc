#include "transport/security/security_alarm_queue.h"

#include <fmt/format.h>

namespace softmcu {

std::string PointSecurityAlarm::AuditAction() const {
  std::string action = fmt::format("media.{}", ToString(event.kind));
  if (event.state == SecurityAlarmState::kCleared) action += ".cleared";
  return action;
}

std::string PointSecurityAlarm::Target() const {
  std::string out;
  for (const auto& [key, value] : point) {
    if (!out.empty()) out += ' ';
    out += key + ' ' + value;
  }
  return out;
}

std::string PointSecurityAlarm::Describe() const {
  const char* what = event.kind == SecurityAlarmKind::kSrtpAuthFailures ? "SRTP authentication failures"
                                                                         : "packets dropped by the policer";
  const auto seconds = [](TimeDelta d) { return fmt::format("{:g} s", d.seconds()); };
  if (event.state == SecurityAlarmState::kRaised) {
    return fmt::format("{} {} in {} (threshold {} per {})", event.count, what, seconds(event.window),
                       event.threshold, seconds(event.interval));
  }
  return fmt::format("back under the threshold; {} {} over {} of alarm", event.count, what, seconds(event.window));
}

void SecurityAlarmQueue::OnSecurityAlarm(const PointSecurityAlarm& alarm) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (capacity_ == 0) {
    ++dropped_;
    return;
  }
  if (queue_.size() == capacity_) {
    queue_.pop_front();
    ++dropped_;
  }
  queue_.push_back(alarm);
}

std::vector<PointSecurityAlarm> SecurityAlarmQueue::Drain() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<PointSecurityAlarm> out(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
  queue_.clear();
  return out;
}

uint64_t SecurityAlarmQueue::dropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

}  // namespace softmcu
