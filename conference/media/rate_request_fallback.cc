#include "conference/media/rate_request_fallback.h"

namespace softmcu {

std::optional<int64_t> RateRequestFallback::OnSecond(int64_t requested_kbps, double received_kbps) {
  if (requested_kbps <= 0) {
    seconds_ignored_ = 0;
    watched_kbps_ = 0;
    if (asked_kbps_ == 0) return std::nullopt;
    asked_kbps_ = 0;  // shown large again: lift the limit the SDP set
    return 0;
  }
  if (requested_kbps != watched_kbps_) {
    watched_kbps_ = requested_kbps;
    seconds_ignored_ = 0;
  }
  const bool ignored = received_kbps > 1.5 * static_cast<double>(requested_kbps) + 100;
  seconds_ignored_ = ignored ? seconds_ignored_ + 1 : 0;
  if (seconds_ignored_ < kPatienceSeconds || asked_kbps_ == requested_kbps) return std::nullopt;
  asked_kbps_ = requested_kbps;
  return requested_kbps;
}

}  // namespace softmcu
