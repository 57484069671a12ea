#include "core/metrics.h"

#include <fmt/format.h>

namespace softmcu {

std::string MetricsRegistry::RenderLabels(const MetricLabels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i) out += ',';
    out += labels[i].first;
    out += "=\"";
    for (char c : labels[i].second) {  // escaping per the text format: \ " and newline
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') { out += "\\n"; continue; }
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Counter* MetricsRegistry::GetCounter(const std::string& name, const MetricLabels& labels, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = families_.try_emplace(name, Family{Kind::kCounter, help, {}, {}});
  auto& slot = it->second.counters[RenderLabels(labels)];
  if (slot == nullptr) slot = &counter_storage_.emplace_back();
  return slot;
}

Gauge* MetricsRegistry::GetGauge(const std::string& name, const MetricLabels& labels, const std::string& help) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = families_.try_emplace(name, Family{Kind::kGauge, help, {}, {}});
  auto& slot = it->second.gauges[RenderLabels(labels)];
  if (slot == nullptr) slot = &gauge_storage_.emplace_back();
  return slot;
}

void MetricsRegistry::Remove(const std::string& name, const MetricLabels& labels) {
  // The storage slot stays allocated (deque elements cannot be freed individually); it is
  // small, and points leave rarely. Only the exposition forgets it.
  std::lock_guard lock(mutex_);
  auto it = families_.find(name);
  if (it == families_.end()) return;
  it->second.counters.erase(RenderLabels(labels));
  it->second.gauges.erase(RenderLabels(labels));
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    if (!family.help.empty()) out += fmt::format("# HELP {} {}\n", name, family.help);
    out += fmt::format("# TYPE {} {}\n", name, family.kind == Kind::kCounter ? "counter" : "gauge");
    for (const auto& [labels, c] : family.counters) out += fmt::format("{}{} {}\n", name, labels, c->value());
    for (const auto& [labels, g] : family.gauges) out += fmt::format("{}{} {}\n", name, labels, g->value());
  }
  return out;
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry registry;
  return registry;
}

}  // namespace softmcu
