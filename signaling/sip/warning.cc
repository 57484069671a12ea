#include "signaling/sip/warning.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, "Warning: " + message, "Warning");
}

}  // namespace

SipResult<Warning> Warning::Parse(std::string_view value) {
  value = TrimLws(value);
  if (value.size() < 4 || !IsDigit(value[0]) || !IsDigit(value[1]) || !IsDigit(value[2]) || value[3] != ' ') {
    return Bad("warn-code is not 3 digits followed by SP: " + Excerpt(value));
  }
  Warning warning;
  warning.code = static_cast<uint16_t>(*ParseDigits(value.substr(0, 3), 999));
  const size_t agent_end = value.find(' ', 4);
  if (agent_end == std::string_view::npos || agent_end == 4) return Bad("missing warn-agent");
  warning.agent = std::string(value.substr(4, agent_end - 4));
  for (char c : warning.agent) {
    if (!IsTokenChar(c) && c != ':' && c != '[' && c != ']') return Bad("bad warn-agent");
  }
  size_t end = 0;
  auto text = ParseQuotedString(value, agent_end + 1, &end);
  if (!text || end != value.size()) return Bad("warn-text is not one quoted string");
  warning.text = std::move(*text);
  return warning;
}

SipResult<std::vector<Warning>> Warning::ParseList(std::string_view value) {
  auto elements = SplitList(value, SipLimits::kMaxListElements);
  if (!elements) return tl::unexpected(elements.error());
  std::vector<Warning> warnings;
  for (std::string_view element : *elements) {
    auto warning = Parse(element);
    if (!warning) return tl::unexpected(warning.error());
    warnings.push_back(std::move(*warning));
  }
  return warnings;
}

std::string Warning::Format() const {
  std::string code_text = std::to_string(code);
  while (code_text.size() < 3) code_text.insert(code_text.begin(), '0');
  return code_text + " " + agent + " " + QuoteString(text);
}

}  // namespace softmcu::sip
