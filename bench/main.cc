// softmcu-bench SUITE --json FILE: runs one benchmark suite, prints a table, writes JSON.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>

#include "bench/suites.h"

namespace {

struct Suite {
  const char* name;
  const char* description;
  void (*run)(const softmcu::bench::SuiteOptions&, softmcu::bench::BenchReport&);
};

constexpr Suite kSuites[] = {
    {"transport", "SRTP protect/unprotect vs raw libsrtp2; policer delivered rate",
     softmcu::bench::RunTransportSuite},
    {"media", "H.264 decode vs bare libavcodec; OpenH264 encode; 9-tile scaling; Opus encode/decode",
     softmcu::bench::RunMediaSuite},
    {"mixer",
     "compose 9 x 720p into 3x3 (full, incremental, per filter); conference tick vs bare decode+encode; audio mix",
     softmcu::bench::RunMixerSuite},
    {"signaling", "SIP parser messages/s vs a bare line scan; calls set up per second with SIPp as the load",
     softmcu::bench::RunSignalingSuite},
    {"loadgen", "softmcu-loadgen's own CPU per audio-only and video endpoint, against the SRTP+send floor",
     softmcu::bench::RunLoadgenSuite},
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"softmcu-bench — benchmarks that race softmcu against a reference in the same run"};
  std::string suite_name;
  std::string json_path;
  bool quick = false;
  std::string suites_help = "Suite to run:";
  for (const auto& s : kSuites) suites_help += std::string("\n  ") + s.name + ": " + s.description;
  app.add_option("suite", suite_name, suites_help)->required();
  app.add_option("--json", json_path, "Write the results as JSON to FILE");
  app.add_flag("--quick", quick, "A tenth of the iterations (smoke run; figures are noisier)");
  CLI11_PARSE(app, argc, argv);

  for (const auto& s : kSuites) {
    if (suite_name != s.name) continue;
    softmcu::bench::SuiteOptions options;
    if (quick) options.scale = 0.1;
    softmcu::bench::BenchReport report(s.name);
    s.run(options, report);
    report.PrintTable();
    if (!json_path.empty() && !report.WriteJson(json_path)) {
      std::fprintf(stderr, "softmcu-bench: cannot write %s\n", json_path.c_str());
      return 1;
    }
    return 0;
  }
  std::fprintf(stderr, "softmcu-bench: unknown suite '%s'; run with --help for the list\n",
               suite_name.c_str());
  return 2;
}
