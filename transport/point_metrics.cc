#include "transport/point_metrics.h"

#include <spdlog/spdlog.h>

namespace softmcu {

namespace {
constexpr const char* kKindNames[] = {"audio", "video"};
constexpr MediaKind kKinds[] = {MediaKind::kAudio, MediaKind::kVideo};
// Metric label values are stable identifiers, unlike ToString(DropReason) which is prose.
constexpr const char* kReasonLabels[] = {"oversized",  "wrong_source",  "no_keys",
                                         "policed",    "auth_failed",   "replayed",
                                         "srtp_other", "malformed_rtp", "malformed_rtcp"};
static_assert(std::size(kReasonLabels) == static_cast<size_t>(DropReason::kCount));
}  // namespace

MetricLabels PointMetrics::With(MediaKind kind, const char* key, const char* value) const {
  MetricLabels l = labels_;
  l.emplace_back("media", kKindNames[static_cast<size_t>(kind)]);
  if (key) l.emplace_back(key, value);
  return l;
}

PointMetrics::PointMetrics(MetricsRegistry* registry, MetricLabels labels)
    : registry_(registry), labels_(std::move(labels)) {
  for (MediaKind kind : kKinds) {
    const size_t k = static_cast<size_t>(kind);
    for (size_t r = 0; r < std::size(kReasonLabels); ++r) {
      drops_[k][r].counter =
          registry_->GetCounter("softmcu_rtp_dropped_total", With(kind, "reason", kReasonLabels[r]),
                                "Inbound media datagrams dropped, by reason");
    }
    rtp_packets_[k].counter =
        registry_->GetCounter("softmcu_rtp_received_total", With(kind), "Inbound RTP packets accepted");
    rtt_ms_[k] = registry_->GetGauge("softmcu_rtt_ms", With(kind), "Smoothed round-trip time from RTCP");
    receive_kbps_[k] = registry_->GetGauge("softmcu_receive_kbps", With(kind), "Inbound RTP bitrate");
  }
  policer_dropped_bytes_.counter = registry_->GetCounter("softmcu_policer_dropped_bytes_total", labels_,
                                                         "Bytes dropped by the point's inbound policer");
  policer_dropped_packets_.counter = registry_->GetCounter(
      "softmcu_policer_dropped_packets_total", labels_, "Packets dropped by the point's inbound policer");
  pacer_dropped_.counter = registry_->GetCounter("softmcu_pacer_dropped_total", labels_,
                                                 "Outbound packets dropped: pacer queue full");
}

MetricLabels PointMetrics::WithAlarm(SecurityAlarmKind kind) const {
  MetricLabels l = labels_;
  l.emplace_back("kind", ToString(kind));
  return l;
}

void PointMetrics::EnableSecurityAlarms(const SecurityAlarmConfig& config, SecurityAlarmSink* sink) {
  alarm_.emplace(config);
  alarm_sink_ = sink;
  for (size_t k = 0; k < alarms_raised_.size(); ++k) {
    const auto kind = static_cast<SecurityAlarmKind>(k);
    alarms_raised_[k] = registry_->GetCounter("softmcu_security_alarms_total", WithAlarm(kind),
                                              "Security alarms raised for the point, by kind");
    alarm_active_[k] = registry_->GetGauge("softmcu_security_alarm_active", WithAlarm(kind),
                                           "1 while the point's security alarm of this kind is raised");
  }
}

PointMetrics::~PointMetrics() {
  for (MediaKind kind : kKinds) {
    for (const char* reason : kReasonLabels)
      registry_->Remove("softmcu_rtp_dropped_total", With(kind, "reason", reason));
    registry_->Remove("softmcu_rtp_received_total", With(kind));
    registry_->Remove("softmcu_rtt_ms", With(kind));
    registry_->Remove("softmcu_receive_kbps", With(kind));
  }
  registry_->Remove("softmcu_policer_dropped_bytes_total", labels_);
  registry_->Remove("softmcu_policer_dropped_packets_total", labels_);
  if (alarm_) {
    for (size_t k = 0; k < alarms_raised_.size(); ++k) {
      registry_->Remove("softmcu_security_alarms_total", WithAlarm(static_cast<SecurityAlarmKind>(k)));
      registry_->Remove("softmcu_security_alarm_active", WithAlarm(static_cast<SecurityAlarmKind>(k)));
    }
  }
  registry_->Remove("softmcu_pacer_dropped_total", labels_);
}

void PointMetrics::Publish(const PointTransport& point) {
  for (MediaKind kind : kKinds) {
    const size_t k = static_cast<size_t>(kind);
    const MediaTransport* transport = point.transport(kind);
    if (transport == nullptr) continue;
    for (size_t r = 0; r < std::size(kReasonLabels); ++r) {
      drops_[k][r].Update(transport->drop_count(static_cast<DropReason>(r)));
    }
    rtp_packets_[k].Update(transport->stats().rtp_packets);
    if (auto rtt = point.rtt(kind)) rtt_ms_[k]->Set(static_cast<double>(rtt->us()) / 1000.0);
    if (const auto* stream = point.receive_stream(kind); stream && stream->statistics()) {
      receive_kbps_[k]->Set(static_cast<double>(stream->statistics()->bitrate(point.now()).kbps()));
    }
  }
  policer_dropped_bytes_.Update(point.policer().stats().dropped_bytes);
  policer_dropped_packets_.Update(point.policer().stats().dropped_packets);
  pacer_dropped_.Update(point.pacer().stats().dropped_packets);
  if (alarm_) CheckSecurityAlarms(point);
}

void PointMetrics::CheckSecurityAlarms(const PointTransport& point) {
  SecurityCounters totals;
  std::string source;
  for (MediaKind kind : kKinds) {
    const MediaTransport* transport = point.transport(kind);
    if (transport == nullptr) continue;
    totals.auth_failures += transport->drop_count(DropReason::kAuthFailed);
    if (source.empty() && transport->remote_rtp_endpoint()) {
      const auto& remote = *transport->remote_rtp_endpoint();
      source = fmt::format("{}:{}", remote.address().to_string(), remote.port());
    }
  }
  totals.policer_drops = point.policer().stats().dropped_packets;
  const SecurityAlarmEvents events = alarm_->Update(point.now(), totals);
  for (const SecurityAlarmEvent& event : events) {
    const size_t k = static_cast<size_t>(event.kind);
    PointSecurityAlarm alarm{.point = labels_, .source = source, .event = event};
    if (event.state == SecurityAlarmState::kRaised) {
      alarms_raised_[k]->Add();
      alarm_active_[k]->Set(1);
      spdlog::warn("security alarm: {} ({}): {}", alarm.Target(), source.empty() ? "no address" : source,
                   alarm.Describe());
    } else {
      alarm_active_[k]->Set(0);
      spdlog::info("security alarm cleared: {} ({}): {}", alarm.Target(), source.empty() ? "no address" : source,
                   alarm.Describe());
    }
    if (alarm_sink_ != nullptr) alarm_sink_->OnSecurityAlarm(alarm);
  }
}

}  // namespace softmcu
