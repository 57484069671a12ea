#include "bench/bench_report.h"

#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace softmcu::bench {

void BenchReport::Add(std::string name, double value, std::string unit) {
  results_.push_back({std::move(name), value, std::move(unit), std::nullopt, std::nullopt});
}

void BenchReport::AddCompared(std::string name, double value, double reference, std::string unit) {
  AddRatio(std::move(name), value, reference, reference != 0 ? value / reference : 0, std::move(unit));
}

void BenchReport::AddRatio(std::string name, double value, double reference, double ratio, std::string unit) {
  results_.push_back({std::move(name), value, std::move(unit), reference, ratio});
}

static std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto pos = line.find(':');
      if (pos != std::string::npos) return line.substr(pos + 2);
    }
  }
  return "unknown";
}

std::string BenchReport::ToJson() const {
  nlohmann::json j;
  j["suite"] = suite_;
  utsname u{};
  uname(&u);
  j["machine"] = {{"cpu", CpuModel()}, {"cores", std::thread::hardware_concurrency()},
                  {"kernel", std::string(u.release)}};
  j["results"] = nlohmann::json::array();
  for (const auto& r : results_) {
    nlohmann::json e = {{"name", r.name}, {"value", r.value}, {"unit", r.unit}};
    e["reference"] = r.reference ? nlohmann::json(*r.reference) : nlohmann::json(nullptr);
    e["ratio"] = r.ratio ? nlohmann::json(*r.ratio) : nlohmann::json(nullptr);
    j["results"].push_back(e);
  }
  return j.dump(2);
}

void BenchReport::PrintTable() const {
  std::printf("%-48s %14s %-10s %14s %8s\n", ("suite " + suite_).c_str(), "value", "unit", "reference", "ratio");
  for (const auto& r : results_) {
    std::printf("%-48s %14.3f %-10s", r.name.c_str(), r.value, r.unit.c_str());
    if (r.reference) std::printf(" %14.3f %8.3f", *r.reference, r.ratio.value_or(0));
    std::printf("\n");
  }
}

bool BenchReport::WriteJson(const std::string& path) const {
  std::ofstream out(path);
  if (!out) return false;
  out << ToJson() << "\n";
  return static_cast<bool>(out);
}

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace softmcu::bench
