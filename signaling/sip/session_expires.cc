#include "signaling/sip/session_expires.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

SipResult<std::pair<uint32_t, GenericParams>> ParseDeltaSecondsWithParams(std::string_view value,
                                                                          std::string_view header) {
  value = TrimLws(value);
  size_t pos = 0;
  while (pos < value.size() && IsDigit(value[pos])) ++pos;
  auto seconds = ParseDigits(value.substr(0, pos), SipLimits::kMaxDeltaSeconds);
  if (!seconds) {
    return MakeSipError(SipErrorCode::kBadHeader,
                        std::string(header) + ": bad delta-seconds " + Excerpt(value), std::string(header));
  }
  auto params = GenericParams::Parse(value.substr(pos), ParamSyntax::kHeader);
  if (!params) {
    SipError error = params.error();
    error.header = std::string(header);
    return tl::unexpected(std::move(error));
  }
  return std::make_pair(static_cast<uint32_t>(*seconds), std::move(*params));
}

SipResult<SessionExpires> SessionExpires::Parse(std::string_view value) {
  auto parsed = ParseDeltaSecondsWithParams(value, "Session-Expires");
  if (!parsed) return tl::unexpected(parsed.error());
  SessionExpires result{parsed->first, std::nullopt, std::move(parsed->second)};
  if (auto refresher = result.params.Value("refresher")) {
    if (EqualsIgnoreCase(*refresher, "uac")) {
      result.refresher = Refresher::kUac;
    } else if (EqualsIgnoreCase(*refresher, "uas")) {
      result.refresher = Refresher::kUas;
    } else {
      return MakeSipError(SipErrorCode::kBadHeader, "refresher is neither uac nor uas", "Session-Expires");
    }
  }
  return result;
}

std::string SessionExpires::Format() const {
  std::string out = std::to_string(seconds);
  params.AppendTo(&out);
  return out;
}

SipResult<MinSE> MinSE::Parse(std::string_view value) {
  auto parsed = ParseDeltaSecondsWithParams(value, "Min-SE");
  if (!parsed) return tl::unexpected(parsed.error());
  return MinSE{parsed->first, std::move(parsed->second)};
}

std::string MinSE::Format() const {
  std::string out = std::to_string(seconds);
  params.AppendTo(&out);
  return out;
}

}  // namespace softmcu::sip
