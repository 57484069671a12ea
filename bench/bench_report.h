#pragma once
// The result of one `softmcu-bench SUITE` run and its JSON form, shared by every suite:
//   {"suite": "...", "machine": {...}, "results": [{"name","value","unit","reference","ratio"}]}
// `reference` is the same quantity measured by the reference implementation in the same
// run (raw libsrtp2, bare libavcodec, ...) and `ratio` = value / reference, so figures
// stay comparable on a noisy machine.

#include <optional>
#include <string>
#include <vector>

namespace softmcu::bench {

struct BenchResult {
  std::string name;
  double value = 0;
  std::string unit;
  std::optional<double> reference;
  std::optional<double> ratio;
};

class BenchReport {
 public:
  explicit BenchReport(std::string suite) : suite_(std::move(suite)) {}

  void Add(std::string name, double value, std::string unit);
  // value/reference as ratio; for rates (higher is better) pass the costs' inverse yourself.
  void AddCompared(std::string name, double value, double reference, std::string unit);
  void AddRatio(std::string name, double value, double reference, double ratio, std::string unit);

  const std::vector<BenchResult>& results() const { return results_; }
  std::string ToJson() const;
  void PrintTable() const;
  bool WriteJson(const std::string& path) const;

 private:
  std::string suite_;
  std::vector<BenchResult> results_;
};

// Thread CPU time in seconds: steadier than wall time when the machine is shared.
double ThreadCpuSeconds();

// The median of per-round figures (the upper one of an even count): what every suite
// reports, so that one noisy round does not move a figure.
double Median(std::vector<double> values);

}  // namespace softmcu::bench
