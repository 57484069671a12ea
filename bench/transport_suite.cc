#include "bench/suites.h"

namespace softmcu::bench {

void RunTransportSuite(const SuiteOptions& options, BenchReport& report) {
  RunSrtpBench(options, report);
  RunPolicerBench(options, report);
}

}  // namespace softmcu::bench
