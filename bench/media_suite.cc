#include "bench/suites.h"

namespace softmcu::bench {

void RunMediaSuite(const SuiteOptions& options, BenchReport& report) {
  RunVideoCodecBench(options, report);
  RunAudioCodecBench(options, report);
}

}  // namespace softmcu::bench
