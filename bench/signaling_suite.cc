#include "bench/suites.h"

namespace softmcu::bench {

void RunSignalingSuite(const SuiteOptions& options, BenchReport& report) {
  RunSipParserBench(options, report);
  RunCallSetupBench(options, report);
}

}  // namespace softmcu::bench
