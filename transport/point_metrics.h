#pragma once
// Publishes one bridge point's transport counters to the metrics registry (and so to
// `/metrics`): drops by reason, policer and pacer activity, RTT, received bitrate. The
// hot path keeps plain integers in its own structs; Publish() runs about once a second on
// the point's loop and adds the deltas to registry counters, so no packet touches an atomic
// shared with another thread.

#include <array>
#include <string>

#include "core/metrics.h"
#include "transport/media_transport.h"
#include "transport/point_transport.h"

namespace softmcu {

class PointMetrics {
 public:
  // `labels` identify the point (e.g. {{"room","1000"},{"point","ubnd-trieu-son"}}).
  PointMetrics(MetricsRegistry* registry, MetricLabels labels);
  ~PointMetrics();  // removes the point's series from the registry

  void Publish(const PointTransport& point);

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

  MetricsRegistry* const registry_;
  const MetricLabels labels_;
  // [kind][reason]
  std::array<std::array<Delta, static_cast<size_t>(DropReason::kCount)>, 2> drops_;
  std::array<Delta, 2> rtp_packets_;
  Delta policer_dropped_bytes_;
  Delta pacer_dropped_;
  std::array<Gauge*, 2> rtt_ms_{};
  std::array<Gauge*, 2> receive_kbps_{};
};

}  // namespace softmcu
