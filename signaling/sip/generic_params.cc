#include "signaling/sip/generic_params.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

// paramchar = param-unreserved / unreserved / escaped; param-unreserved = "[" / "]" / "/" /
// ":" / "&" / "+" / "$" (RFC 3261 §25.1).
bool IsUriParamChar(char c) {
  if (IsUnreserved(c) || c == '%') return true;
  switch (c) {
    case '[':
    case ']':
    case '/':
    case ':':
    case '&':
    case '+':
    case '$':
      return true;
    default:
      return false;
  }
}

// gen-value as token or host (IPv6 reference included).
bool IsGenValueChar(char c) {
  return IsTokenChar(c) || c == '[' || c == ']' || c == ':';
}

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, std::move(message));
}

}  // namespace

SipResult<GenericParams> GenericParams::Parse(std::string_view text, ParamSyntax syntax) {
  GenericParams params;
  const bool header = syntax == ParamSyntax::kHeader;
  size_t pos = header ? SkipLws(text, 0) : 0;
  while (pos < text.size()) {
    if (text[pos] != ';') return Bad("expected ';' before parameter at " + Excerpt(text.substr(pos)));
    pos = header ? SkipLws(text, pos + 1) : pos + 1;
    if (params.items.size() >= SipLimits::kMaxParams) {
      return MakeSipError(SipErrorCode::kTooManyValues,
                          "more than " + std::to_string(SipLimits::kMaxParams) + " parameters");
    }
    GenericParam param;
    const size_t name_begin = pos;
    while (pos < text.size() && (header ? IsTokenChar(text[pos]) : IsUriParamChar(text[pos]))) ++pos;
    param.name = std::string(text.substr(name_begin, pos - name_begin));
    if (param.name.empty()) return Bad("empty parameter name");  // badinv01: ";;"
    if (!header && !HasValidEscapes(param.name)) return Bad("bad escape in parameter " + Excerpt(param.name));
    pos = header ? SkipLws(text, pos) : pos;
    if (pos < text.size() && text[pos] == '=') {
      pos = header ? SkipLws(text, pos + 1) : pos + 1;
      param.has_value = true;
      if (header && pos < text.size() && text[pos] == '"') {
        size_t end = 0;
        auto value = ParseQuotedString(text, pos, &end);
        if (!value) return Bad("bad quoted parameter value");
        param.value = std::move(*value);
        param.quoted = true;
        pos = end;
      } else {
        const size_t value_begin = pos;
        while (pos < text.size() && (header ? IsGenValueChar(text[pos]) : IsUriParamChar(text[pos]))) ++pos;
        param.value = std::string(text.substr(value_begin, pos - value_begin));
        if (param.value.empty()) return Bad("parameter " + Excerpt(param.name) + " has '=' but no value");
        if (!header && !HasValidEscapes(param.value)) return Bad("bad escape in parameter value");
      }
      pos = header ? SkipLws(text, pos) : pos;
    }
    params.items.push_back(std::move(param));
  }
  return params;
}

const GenericParam* GenericParams::Find(std::string_view name) const {
  for (const auto& item : items) {
    if (EqualsIgnoreCase(item.name, name)) return &item;
  }
  return nullptr;
}

std::optional<std::string_view> GenericParams::Value(std::string_view name) const {
  const GenericParam* param = Find(name);
  if (!param) return std::nullopt;
  return std::string_view(param->value);
}

void GenericParams::Set(std::string_view name, std::optional<std::string_view> value) {
  GenericParam param{std::string(name), value ? std::string(*value) : std::string(), value.has_value(),
                     false};
  param.quoted = value && !value->empty() && !IsToken(*value);
  for (auto& item : items) {
    if (EqualsIgnoreCase(item.name, name)) {
      item = std::move(param);
      return;
    }
  }
  items.push_back(std::move(param));
}

void GenericParams::AppendTo(std::string* out) const {
  for (const auto& item : items) {
    out->push_back(';');
    out->append(item.name);
    if (!item.has_value) continue;
    out->push_back('=');
    out->append(item.quoted ? QuoteString(item.value) : item.value);
  }
}

}  // namespace softmcu::sip
