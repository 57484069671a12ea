#pragma once
// Counters and gauges that the daemon exposes on `/metrics` (Prometheus text format).
//
// Registration (rare: a point joins) takes a lock; updates (per packet) are one relaxed
// atomic add on a Counter the hot path holds a pointer to. Metric objects live as long as
// the registry and never move, so those pointers stay valid; a point that leaves calls
// Remove() from the control thread once its media thread no longer uses them.

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace softmcu {

// Labels in a fixed order, e.g. {{"room","1000"},{"point","ubnd-trieu-son"}}.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class MetricsRegistry {
 public:
  // Returns the metric for (name, labels), creating it on first use. `help` is kept
  // from the first registration of `name`.
  Counter* GetCounter(const std::string& name, const MetricLabels& labels, const std::string& help = "");
  Gauge* GetGauge(const std::string& name, const MetricLabels& labels, const std::string& help = "");
  void Remove(const std::string& name, const MetricLabels& labels);

  // Prometheus text exposition format 0.0.4.
  std::string RenderPrometheus() const;

  // The registry of the running process; tests make their own.
  static MetricsRegistry& Global();

 private:
  enum class Kind { kCounter, kGauge };
  struct Family {
    Kind kind;
    std::string help;
    std::map<std::string, Counter*> counters;  // rendered label set → metric
    std::map<std::string, Gauge*> gauges;
  };
  static std::string RenderLabels(const MetricLabels& labels);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::deque<Counter> counter_storage_;  // deque: elements never move
  std::deque<Gauge> gauge_storage_;
};

}  // namespace softmcu
