#include "signaling/sip/reason_header.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, "Reason: " + message, "Reason");
}

}  // namespace

SipResult<ReasonHeader> ReasonHeader::Parse(std::string_view value) {
  value = TrimLws(value);
  ReasonHeader reason;
  size_t pos = 0;
  while (pos < value.size() && IsTokenChar(value[pos])) ++pos;
  reason.protocol = std::string(value.substr(0, pos));
  if (reason.protocol.empty()) return Bad("missing protocol in " + Excerpt(value));
  auto params = GenericParams::Parse(value.substr(pos), ParamSyntax::kHeader);
  if (!params) return Bad(params.error().message);
  if (const GenericParam* cause = params->Find("cause")) {
    auto parsed = ParseDigits(cause->value, 0xffffffffu);
    if (!parsed || cause->quoted) return Bad("bad cause");
    reason.cause = static_cast<uint32_t>(*parsed);
  }
  if (const GenericParam* text = params->Find("text")) {
    if (!text->quoted) return Bad("text is not a quoted string");
    reason.text = text->value;
  }
  reason.params = std::move(*params);
  return reason;
}

SipResult<std::vector<ReasonHeader>> ReasonHeader::ParseList(std::string_view value) {
  auto elements = SplitList(value, SipLimits::kMaxListElements);
  if (!elements) return tl::unexpected(elements.error());
  std::vector<ReasonHeader> reasons;
  for (std::string_view element : *elements) {
    auto reason = Parse(element);
    if (!reason) return tl::unexpected(reason.error());
    reasons.push_back(std::move(*reason));
  }
  return reasons;
}

std::string ReasonHeader::Format() const {
  std::string out = protocol;
  params.AppendTo(&out);
  return out;
}

}  // namespace softmcu::sip
