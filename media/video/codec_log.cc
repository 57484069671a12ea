#include "media/video/codec_log.h"

extern "C" {
#include <libavutil/log.h>
}

#include <spdlog/spdlog.h>
#include <wels/codec_app_def.h>

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string_view>

#include "core/clock.h"
#include "core/log.h"

namespace softmcu {
namespace {

// Codecs log from whichever worker decodes or encodes; the limiter is not thread-safe, so
// it sits behind a mutex, taken only for lines the codec chose to print (rare).
void WriteLimited(std::string_view library, std::string_view line) {
  static std::mutex mutex;
  static LogRateLimiter limiter(SystemClock::Instance(), TimeDelta::Seconds(1), /*burst=*/10);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.empty()) return;
  uint64_t suppressed = 0;
  {
    std::lock_guard lock(mutex);
    if (!limiter.Allow(&suppressed)) return;
  }
  if (suppressed > 0) {
    spdlog::debug("{}: {} ({} codec log lines suppressed)", library, line, suppressed);
  } else {
    spdlog::debug("{}: {}", library, line);
  }
}

void FfmpegLogCallback(void* avcl, int level, const char* format, va_list args) {
  if (level > av_log_get_level()) return;
  if (!spdlog::should_log(spdlog::level::debug)) return;
  char line[512];
  thread_local int print_prefix = 1;
  av_log_format_line2(avcl, level, format, args, line, sizeof(line), &print_prefix);
  WriteLimited("ffmpeg", line);
}

}  // namespace

void RouteFfmpegLogToSpdlog() {
  static std::once_flag once;
  std::call_once(once, [] {
    av_log_set_level(AV_LOG_WARNING);
    av_log_set_callback(FfmpegLogCallback);
  });
}

void WelsTraceToSpdlog(void* /*context*/, int level, const char* message) {
  if (level > WELS_LOG_WARNING || message == nullptr) return;
  if (!spdlog::should_log(spdlog::level::debug)) return;
  WriteLimited("openh264", message);
}

}  // namespace softmcu
