#pragma once
// Logging on spdlog. Every line about a peer names its address (and room, once rooms
// exist); lines caused by network input go through a LogRateLimiter so that a flood of
// bad packets produces a few lines and a count, never a line per packet.

#include <cstdint>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace softmcu {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// Parses "trace|debug|info|warn|error|off"; unknown strings give kInfo and false.
bool ParseLogLevel(std::string_view text, LogLevel* level);

// Sets up the process-wide logger: coloured stderr, optional file. Idempotent.
void InitLogging(LogLevel level, const std::string& file_path = "");

// Allows `burst` lines, then one line per `interval`; counts what it suppressed so the
// next allowed line can say how many were dropped. One limiter per call site (or per
// point and call site); not thread-safe, like the loop-owned state it sits in.
class LogRateLimiter {
 public:
  LogRateLimiter(const Clock* clock, TimeDelta interval, int burst = 5)
      : clock_(clock), interval_(interval), burst_(burst), tokens_(burst) {}

  // True if a line may be written now. `*suppressed` receives the number of lines
  // refused since the last allowed one (then resets).
  bool Allow(uint64_t* suppressed);

 private:
  const Clock* const clock_;
  const TimeDelta interval_;
  const int burst_;
  int tokens_;
  Timestamp last_refill_;
  uint64_t suppressed_ = 0;
};

}  // namespace softmcu
