#include "signaling/sip/content_type.h"

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

SipResult<ContentType> ContentType::Parse(std::string_view value) {
  value = TrimLws(value);
  ContentType result;
  size_t pos = 0;
  while (pos < value.size() && IsTokenChar(value[pos])) ++pos;
  result.type = std::string(value.substr(0, pos));
  pos = SkipLws(value, pos);
  if (result.type.empty() || pos >= value.size() || value[pos] != '/') {
    return MakeSipError(SipErrorCode::kBadHeader, "bad media type " + Excerpt(value), "Content-Type");
  }
  pos = SkipLws(value, pos + 1);
  const size_t begin = pos;
  while (pos < value.size() && IsTokenChar(value[pos])) ++pos;
  result.subtype = std::string(value.substr(begin, pos - begin));
  if (result.subtype.empty())
    return MakeSipError(SipErrorCode::kBadHeader, "bad media subtype", "Content-Type");
  auto params = GenericParams::Parse(value.substr(pos), ParamSyntax::kHeader);
  if (!params) return tl::unexpected(params.error());
  for (const auto& param : params->items) {
    if (!param.has_value)
      return MakeSipError(SipErrorCode::kBadHeader, "media parameter without value", "Content-Type");
  }
  result.params = std::move(*params);
  return result;
}

std::string ContentType::Format() const {
  std::string out = type + "/" + subtype;
  params.AppendTo(&out);
  return out;
}

bool ContentType::Is(std::string_view t, std::string_view s) const {
  return EqualsIgnoreCase(type, t) && EqualsIgnoreCase(subtype, s);
}

}  // namespace softmcu::sip
