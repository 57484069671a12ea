#include "bench/suites.h"

namespace softmcu::bench {

void RunMixerSuite(const SuiteOptions& options, BenchReport& report) {
  RunVideoMixBench(options, report);
  RunAudioMixBench(options, report);
}

}  // namespace softmcu::bench
