#include "signaling/sip/via.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, std::move(message));
}

// Reads a token at `pos`, returning it and moving `pos` past it.
std::string_view ReadToken(std::string_view text, size_t* pos) {
  const size_t begin = *pos;
  while (*pos < text.size() && IsTokenChar(text[*pos])) ++*pos;
  return text.substr(begin, *pos - begin);
}

bool ReadSlash(std::string_view text, size_t* pos) {
  *pos = SkipLws(text, *pos);
  if (*pos >= text.size() || text[*pos] != '/') return false;
  *pos = SkipLws(text, *pos + 1);
  return true;
}

bool IsIpAddress(std::string_view text) {
  if (!text.empty() && text.front() != '[' && text.find(':') != std::string_view::npos) {
    return ClassifyHost("[" + std::string(text) + "]") == HostType::kIPv6;  // IPv6address without brackets
  }
  const auto type = ClassifyHost(text);
  return type == HostType::kIPv4 || type == HostType::kIPv6;
}

SipResult<void> CheckParams(const GenericParams& params) {
  for (const auto& param : params.items) {
    const std::string_view name = param.name;
    if (param.quoted) return Bad("Via parameter " + Excerpt(name) + " cannot be quoted");
    if (EqualsIgnoreCase(name, "branch")) {
      if (!IsToken(param.value)) return Bad("bad Via branch");
    } else if (EqualsIgnoreCase(name, "received")) {
      if (!IsIpAddress(param.value)) return Bad("Via received is not an IP address");
    } else if (EqualsIgnoreCase(name, "rport")) {
      if (param.has_value && !ParseDigits(param.value, 65535)) return Bad("bad Via rport");
    } else if (EqualsIgnoreCase(name, "ttl")) {
      if (!ParseDigits(param.value, 255)) return Bad("bad Via ttl");
    } else if (EqualsIgnoreCase(name, "maddr")) {
      if (!ClassifyHost(param.value)) return Bad("bad Via maddr");
    }
  }
  return {};
}

}  // namespace

SipResult<Via> Via::Parse(std::string_view value) {
  value = TrimLws(value);
  Via via;
  size_t pos = 0;
  const std::string_view name = ReadToken(value, &pos);
  if (name.empty() || !ReadSlash(value, &pos)) return Bad("bad Via sent-protocol in " + Excerpt(value));
  const std::string_view version = ReadToken(value, &pos);
  if (version.empty() || !ReadSlash(value, &pos)) return Bad("bad Via sent-protocol in " + Excerpt(value));
  const std::string_view transport = ReadToken(value, &pos);
  if (transport.empty()) return Bad("bad Via transport in " + Excerpt(value));
  via.protocol_name = std::string(name);
  via.protocol_version = std::string(version);
  via.transport = std::string(transport);

  const size_t host_begin = SkipLws(value, pos);
  if (host_begin == pos) return Bad("no LWS before Via sent-by in " + Excerpt(value));
  pos = host_begin;
  if (pos < value.size() && value[pos] == '[') {
    const size_t close = value.find(']', pos);
    if (close == std::string_view::npos) return Bad("unterminated IPv6 reference in Via");
    pos = close + 1;
  } else {
    while (pos < value.size() && (IsAlnum(value[pos]) || value[pos] == '-' || value[pos] == '.')) ++pos;
  }
  via.host = std::string(value.substr(host_begin, pos - host_begin));
  auto host_type = ClassifyHost(via.host);
  if (!host_type) return Bad("bad Via host " + Excerpt(via.host));
  via.host_type = *host_type;

  const size_t after_host = SkipLws(value, pos);
  if (after_host < value.size() && value[after_host] == ':') {
    pos = SkipLws(value, after_host + 1);
    const size_t begin = pos;
    while (pos < value.size() && IsDigit(value[pos])) ++pos;
    auto port = ParseDigits(value.substr(begin, pos - begin), 65535);
    if (!port) return Bad("bad Via port in " + Excerpt(value));
    via.port = static_cast<uint16_t>(*port);
  }
  auto params = GenericParams::Parse(value.substr(pos), ParamSyntax::kHeader);
  if (!params) return tl::unexpected(params.error());
  if (auto checked = CheckParams(*params); !checked) return tl::unexpected(checked.error());
  via.params = std::move(*params);
  return via;
}

SipResult<std::vector<Via>> Via::ParseList(std::string_view value) {
  auto elements = SplitList(value, SipLimits::kMaxListElements);
  if (!elements) return tl::unexpected(elements.error());
  std::vector<Via> vias;
  vias.reserve(elements->size());
  for (std::string_view element : *elements) {
    auto via = Parse(element);
    if (!via) return tl::unexpected(via.error());
    vias.push_back(std::move(*via));
  }
  return vias;
}

std::string Via::Format() const {
  std::string out = protocol_name + "/" + protocol_version + "/" + transport + " " + host;
  if (port) out += ":" + std::to_string(*port);
  params.AppendTo(&out);
  return out;
}

std::optional<uint16_t> Via::Rport() const {
  const GenericParam* param = params.Find("rport");
  if (!param || !param->has_value) return std::nullopt;
  auto port = ParseDigits(param->value, 65535);
  if (!port) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

bool Via::HasMagicCookie() const {
  auto branch = Branch();
  return branch && branch->size() >= 7 && branch->substr(0, 7) == "z9hG4bK";
}

}  // namespace softmcu::sip
