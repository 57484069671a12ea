#pragma once
// The load generator's results: the JSON report scripts read (schema: ReportSchema(),
// documented in docs/benchmarks.md) and the summary table people read, which is printed
// from the JSON so both always say the same. Built once at the end of a run from every
// endpoint's EndpointReport; allocates freely (control plane).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/loadgen/endpoint_report.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {

struct RunInfo {
  std::string version;
  std::string target;  // the SIP URI, or "direct:reflect" / "direct:compose"
  std::string mode;    // dial, answer
  bool srtp = true;
  bool audio = true;
  bool video = true;
  double decode_share = 0;
  double duration_s = 0;  // measured: first call placed → last call ended
  std::vector<RenditionSpec> renditions;
  std::vector<double> renditions_encoded_kbps;  // what the material really costs
  double max_tick_gap_ms = 0;  // longest time an endpoint loop went without running its tick
};

class RunReport {
 public:
  static nlohmann::json ToJson(const RunInfo& info, const std::vector<EndpointReport>& endpoints);
  // The human summary of a report made by ToJson().
  static std::string SummaryTable(const nlohmann::json& report);
};

// The JSON Schema the report conforms to (the same text is in docs/benchmarks.md).
const nlohmann::json& ReportSchema();

}  // namespace softmcu::loadgen
