#include "core/log.h"

#include <mutex>
#include <vector>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace softmcu {

bool ParseLogLevel(std::string_view text, LogLevel* level) {
  struct Entry { std::string_view name; LogLevel level; };
  static constexpr Entry kLevels[] = {{"trace", LogLevel::kTrace}, {"debug", LogLevel::kDebug},
                                      {"info", LogLevel::kInfo},   {"warn", LogLevel::kWarn},
                                      {"error", LogLevel::kError}, {"off", LogLevel::kOff}};
  for (const auto& e : kLevels) {
    if (e.name == text) {
      *level = e.level;
      return true;
    }
  }
  *level = LogLevel::kInfo;
  return false;
}

void InitLogging(LogLevel level, const std::string& file_path) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  if (!file_path.empty()) sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file_path));
  auto logger = std::make_shared<spdlog::logger>("softmcu", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%t] %v");
  logger->set_level(static_cast<spdlog::level::level_enum>(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
}

bool LogRateLimiter::Allow(uint64_t* suppressed) {
  Timestamp now = clock_->Now();
  if (tokens_ < burst_ && now - last_refill_ >= interval_) {
    int64_t periods = (now - last_refill_).us() / std::max<int64_t>(interval_.us(), 1);
    tokens_ = static_cast<int>(std::min<int64_t>(burst_, tokens_ + periods));
    last_refill_ = now;
  }
  if (tokens_ == 0) {
    ++suppressed_;
    return false;
  }
  if (tokens_ == burst_) last_refill_ = now;
  --tokens_;
  *suppressed = suppressed_;
  suppressed_ = 0;
  return true;
}

}  // namespace softmcu
