#pragma once
// Every benchmark suite of softmcu-bench: a name, a one-line description, and a function
// that fills a report. Suites live in <name>_suite.cc; main.cc dispatches from this table.

#include "bench/bench_report.h"

namespace softmcu::bench {

struct SuiteOptions {
  double scale = 1.0;  // multiplies iteration counts; `--quick` sets 0.1 for smoke runs
};

// An iteration count scaled by the options, at least 2.
inline int Iterations(const SuiteOptions& options, int at_scale_1) {
  return at_scale_1 * options.scale < 2 ? 2 : static_cast<int>(at_scale_1 * options.scale);
}

void RunTransportSuite(const SuiteOptions& options, BenchReport& report);
void RunMediaSuite(const SuiteOptions& options, BenchReport& report);
void RunMixerSuite(const SuiteOptions& options, BenchReport& report);
void RunSignalingSuite(const SuiteOptions& options, BenchReport& report);
void RunLoadgenSuite(const SuiteOptions& options, BenchReport& report);  // loadgen_bench.cc

// Parts of the transport suite, one file each.
void RunSrtpBench(const SuiteOptions& options, BenchReport& report);     // srtp_bench.cc
void RunPolicerBench(const SuiteOptions& options, BenchReport& report);  // policer_bench.cc

// media suite parts, one file each.
void RunVideoCodecBench(const SuiteOptions& options, BenchReport& report);  // video_bench.cc
void RunAudioCodecBench(const SuiteOptions& options, BenchReport& report);  // audio_bench.cc

// mixer suite parts, one file each.
void RunVideoMixBench(const SuiteOptions& options, BenchReport& report);  // mixer_video_bench.cc
void RunAudioMixBench(const SuiteOptions& options, BenchReport& report);  // mixer_audio_bench.cc

// signaling suite parts, one file each.
void RunSipParserBench(const SuiteOptions& options, BenchReport& report);  // sip_parser_bench.cc
void RunCallSetupBench(const SuiteOptions& options, BenchReport& report);  // call_setup_bench.cc

}  // namespace softmcu::bench
