#include "signaling/dialog/session_timer.h"

#include <algorithm>

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

std::string SessionExpiresValue(uint32_t seconds, std::optional<Refresher> refresher) {
  std::string value = std::to_string(seconds);
  if (refresher) value += *refresher == Refresher::kUac ? ";refresher=uac" : ";refresher=uas";
  return value;
}

}  // namespace

bool HasOptionTag(const SipMessage& message, HeaderId header, std::string_view option) {
  auto tokens = message.Tokens(header);
  if (!tokens) return false;
  return std::any_of(tokens->begin(), tokens->end(), [&](const std::string& t) { return EqualsIgnoreCase(t, option); });
}

SessionTimerNegotiation::UasResult SessionTimerNegotiation::OnRequest(const SipMessage& request) const {
  UasResult result;
  if (!config_.enabled) return result;
  auto se = request.GetSessionExpires();
  auto min_se = request.GetMinSE();
  const bool uac_supports = HasOptionTag(request, HeaderId::kSupported, "timer") ||
                            HasOptionTag(request, HeaderId::kRequire, "timer");
  const uint32_t floor = std::max(config_.min_se_seconds, min_se && *min_se ? (*min_se)->seconds : 0u);
  uint32_t seconds = config_.interval_seconds;
  std::optional<Refresher> asked;
  if (se && *se) {
    // §9: a Session-Expires below our minimum gets 422 (only from a UAC that can act on it).
    if ((*se)->seconds < config_.min_se_seconds && uac_supports) {
      result.reject_with_min_se = config_.min_se_seconds;
      return result;
    }
    seconds = std::min((*se)->seconds, config_.interval_seconds);
    asked = (*se)->refresher;
  }
  seconds = std::max(seconds, floor);
  // The refresher: as asked; else the UAC if it can; else us (a UAC without timer
  // support never refreshes, §9).
  Refresher refresher = asked.value_or(uac_supports ? Refresher::kUac : Refresher::kUas);
  if (!uac_supports) refresher = Refresher::kUas;
  result.interval = SessionInterval{seconds, refresher == Refresher::kUas ? SessionRefresher::kLocal
                                                                          : SessionRefresher::kRemote};
  result.response_headers.emplace_back("Session-Expires", SessionExpiresValue(seconds, refresher));
  if (uac_supports) result.response_headers.emplace_back("Require", "timer");
  return result;
}

HeaderList SessionTimerNegotiation::RequestHeaders(std::optional<uint32_t> seconds) const {
  HeaderList headers;
  if (!config_.enabled) return headers;
  const uint32_t interval = std::max(seconds.value_or(config_.interval_seconds), config_.min_se_seconds);
  headers.emplace_back("Session-Expires", std::to_string(interval));
  headers.emplace_back("Min-SE", std::to_string(config_.min_se_seconds));
  return headers;
}

std::optional<SessionInterval> SessionTimerNegotiation::OnSuccess(const SipMessage& response) const {
  if (!config_.enabled) return std::nullopt;
  auto se = response.GetSessionExpires();
  if (!se || !*se || (*se)->seconds == 0) return std::nullopt;  // §7.2: no session timer
  // §7.2: a 2xx without refresher leaves it to us, the UAC.
  const Refresher refresher = (*se)->refresher.value_or(Refresher::kUac);
  return SessionInterval{(*se)->seconds,
                         refresher == Refresher::kUac ? SessionRefresher::kLocal : SessionRefresher::kRemote};
}

std::optional<uint32_t> SessionTimerNegotiation::On422(const SipMessage& response, uint32_t sent_seconds) const {
  auto min_se = response.GetMinSE();
  if (!min_se || !*min_se) return std::nullopt;
  const uint32_t wanted = (*min_se)->seconds;
  // A 422 that does not ask for more than we sent would loop.
  if (wanted <= sent_seconds) return std::nullopt;
  return wanted;
}

TimeDelta SessionTimerNegotiation::ActionDelay(const SessionInterval& interval) {
  const int64_t seconds = interval.seconds;
  if (interval.refresher == SessionRefresher::kLocal) return TimeDelta::Millis(seconds * 500);
  return TimeDelta::Seconds(seconds - std::min<int64_t>(32, seconds / 3));
}

}  // namespace softmcu::sip
