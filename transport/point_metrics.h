#pragma once
// Publishes one bridge point's transport counters to the metrics registry (and so to
// `/metrics`): drops by reason, policer and pacer activity, RTT, received bitrate. The
// hot path keeps plain integers in its own structs; Publish() runs about once a second on
// the point's loop and adds the deltas to registry counters, so no packet touches an atomic
// shared with another thread.
//
// Security alarms (EnableSecurityAlarms): Publish() also feeds the point's SRTP
// authentication failures and policer drops to a SecurityAlarm; an alarm raised or cleared
// is logged (one warning line naming the point and its address), counted in
// softmcu_security_alarms_total{...,kind}, shown in softmcu_security_alarm_active{...,kind}
// (1 while raised) and handed to the sink (transport/security/security_alarm_queue.h says
// how the daemon forwards it to the audit log).

#include <array>
#include <optional>
#include <string>

#include "core/metrics.h"
#include "transport/media_transport.h"
#include "transport/point_transport.h"
#include "transport/security/security_alarm.h"
#include "transport/security/security_alarm_queue.h"

namespace softmcu {

class PointMetrics {
 public:
  // `labels` identify the point (e.g. {{"room","1000"},{"point","ubnd-trieu-son"}}).
  PointMetrics(MetricsRegistry* registry, MetricLabels labels);
  ~PointMetrics();  // removes the point's series from the registry

  // Call on the point's loop about once a second (the alarm's windows are counted in
  // whole calls, so at least once per alarm interval).
  void Publish(const PointTransport& point);

  // Turns the point's security alarms on. `config` must be valid (SecurityAlarmConfig::
  // Validate()); `sink` may be null (log and metrics only) and must outlive this object.
  void EnableSecurityAlarms(const SecurityAlarmConfig& config, SecurityAlarmSink* sink);
  const SecurityAlarm* security_alarm() const { return alarm_ ? &*alarm_ : nullptr; }

 private:
  struct Delta {
    Counter* counter = nullptr;
    uint64_t published = 0;
    void Update(uint64_t total) {
      if (total > published) counter->Add(total - published);
      published = total;
    }
  };
  MetricLabels With(MediaKind kind, const char* key = nullptr, const char* value = nullptr) const;
  MetricLabels WithAlarm(SecurityAlarmKind kind) const;

  MetricsRegistry* const registry_;
  const MetricLabels labels_;
  // [kind][reason]
  std::array<std::array<Delta, static_cast<size_t>(DropReason::kCount)>, 2> drops_;
  std::array<Delta, 2> rtp_packets_;
  void CheckSecurityAlarms(const PointTransport& point);

  Delta policer_dropped_bytes_;
  Delta policer_dropped_packets_;
  Delta pacer_dropped_;
  std::array<Gauge*, 2> rtt_ms_{};
  std::array<Gauge*, 2> receive_kbps_{};
  // Security alarms, by SecurityAlarmKind.
  std::optional<SecurityAlarm> alarm_;
  SecurityAlarmSink* alarm_sink_ = nullptr;
  std::array<Counter*, static_cast<size_t>(SecurityAlarmKind::kCount)> alarms_raised_{};
  std::array<Gauge*, static_cast<size_t>(SecurityAlarmKind::kCount)> alarm_active_{};
};

}  // namespace softmcu
