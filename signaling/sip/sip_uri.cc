#include "signaling/sip/sip_uri.h"

#include <arpa/inet.h>

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> BadUri(std::string message) {
  return MakeSipError(SipErrorCode::kBadUri, std::move(message));
}

// user = 1*( unreserved / escaped / user-unreserved ); user-unreserved = & = + $ , ; ? /
bool IsUserChar(char c) {
  if (IsUnreserved(c) || c == '%') return true;
  switch (c) {
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
    case ';':
    case '?':
    case '/':
      return true;
    default:
      return false;
  }
}

// password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
bool IsPasswordChar(char c) {
  if (IsUnreserved(c) || c == '%') return true;
  switch (c) {
    case '&':
    case '=':
    case '+':
    case '$':
    case ',':
      return true;
    default:
      return false;
  }
}

// hname / hvalue = *( hnv-unreserved / unreserved / escaped ); hnv-unreserved = [ ] / ? : + $
bool IsHeaderChar(char c) {
  if (IsUnreserved(c) || c == '%') return true;
  switch (c) {
    case '[':
    case ']':
    case '/':
    case '?':
    case ':':
    case '+':
    case '$':
      return true;
    default:
      return false;
  }
}

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  for (char c : text) {
    if (!predicate(c)) return false;
  }
  return true;
}

bool IsIPv4(std::string_view text) {
  int parts = 0;
  size_t pos = 0;
  while (parts < 4) {
    size_t end = pos;
    while (end < text.size() && IsDigit(text[end])) ++end;
    if (end == pos || end - pos > 3 || !ParseDigits(text.substr(pos, end - pos), 255)) return false;
    ++parts;
    if (end == text.size()) return parts == 4;
    if (text[end] != '.') return false;
    pos = end + 1;
  }
  return false;
}

// hostname = *( domainlabel "." ) toplabel [ "." ]; toplabel starts with ALPHA.
bool IsHostname(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty()) return false;
  size_t pos = 0;
  std::string_view label;
  while (pos <= text.size()) {
    size_t end = text.find('.', pos);
    if (end == std::string_view::npos) end = text.size();
    label = text.substr(pos, end - pos);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!IsAlnum(c) && c != '-') return false;
    }
    pos = end + 1;
  }
  return !IsDigit(label.front());
}

}  // namespace

std::optional<HostType> ClassifyHost(std::string_view host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    const std::string inner(host.substr(1, host.size() - 2));
    in6_addr address{};
    if (inner.size() < INET6_ADDRSTRLEN && inet_pton(AF_INET6, inner.c_str(), &address) == 1)
      return HostType::kIPv6;
    return std::nullopt;
  }
  if (IsIPv4(host)) return HostType::kIPv4;
  if (IsHostname(host)) return HostType::kHostname;
  return std::nullopt;
}

std::string_view UriScheme(std::string_view uri) {
  const size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view scheme = uri.substr(0, colon);
  if (!((scheme[0] >= 'a' && scheme[0] <= 'z') || (scheme[0] >= 'A' && scheme[0] <= 'Z'))) return {};
  for (char c : scheme) {
    if (!IsAlnum(c) && c != '+' && c != '-' && c != '.') return {};
  }
  return scheme;
}

SipResult<SipUri> SipUri::Parse(std::string_view text) {
  SipUri uri;
  const std::string_view scheme = UriScheme(text);
  if (EqualsIgnoreCase(scheme, "sips")) {
    uri.secure = true;
  } else if (!EqualsIgnoreCase(scheme, "sip")) {
    return BadUri("not a sip: or sips: URI: " + Excerpt(text));
  }
  std::string_view rest = text.substr(scheme.size() + 1);

  // '@' appears nowhere but after userinfo: user, password, host, parameters and headers
  // can carry it only escaped (%40, as semiuri's "user;par=u%40example.net").
  const size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    if (rest.find('@', at + 1) != std::string_view::npos)
      return BadUri("more than one '@' in " + Excerpt(text));
    const std::string_view userinfo = rest.substr(0, at);
    const size_t colon = userinfo.find(':');
    const std::string_view user = userinfo.substr(0, colon);
    if (user.empty() || !AllOf(user, IsUserChar) || !HasValidEscapes(user))
      return BadUri("bad user part in " + Excerpt(text));
    uri.user = std::string(user);
    if (colon != std::string_view::npos) {
      const std::string_view password = userinfo.substr(colon + 1);
      if (!AllOf(password, IsPasswordChar) || !HasValidEscapes(password))
        return BadUri("bad password in " + Excerpt(text));
      uri.password = std::string(password);
    }
    rest = rest.substr(at + 1);
  }

  size_t pos = 0;
  if (!rest.empty() && rest[0] == '[') {
    pos = rest.find(']');
    if (pos == std::string_view::npos) return BadUri("unterminated IPv6 reference in " + Excerpt(text));
    ++pos;
  } else {
    while (pos < rest.size() && (IsAlnum(rest[pos]) || rest[pos] == '-' || rest[pos] == '.')) ++pos;
  }
  uri.host = std::string(rest.substr(0, pos));
  auto host_type = ClassifyHost(uri.host);
  if (!host_type) return BadUri("bad host in " + Excerpt(text));
  uri.host_type = *host_type;

  if (pos < rest.size() && rest[pos] == ':') {
    const size_t begin = ++pos;
    while (pos < rest.size() && IsDigit(rest[pos])) ++pos;
    auto port = ParseDigits(rest.substr(begin, pos - begin), 65535);
    if (!port) return BadUri("bad port in " + Excerpt(text));
    uri.port = static_cast<uint16_t>(*port);
  }

  const size_t question = rest.find('?', pos);
  const std::string_view params =
      rest.substr(pos, question == std::string_view::npos ? std::string_view::npos : question - pos);
  auto parsed = GenericParams::Parse(params, ParamSyntax::kUri);
  if (!parsed) {
    SipError error = parsed.error();
    if (error.code == SipErrorCode::kBadHeader) error.code = SipErrorCode::kBadUri;
    return tl::unexpected(std::move(error));
  }
  uri.params = std::move(*parsed);

  if (question != std::string_view::npos) {
    std::string_view headers = rest.substr(question + 1);
    while (true) {
      if (uri.headers.size() >= SipLimits::kMaxUriHeaders) {
        return MakeSipError(SipErrorCode::kTooManyValues, "too many URI headers");
      }
      const size_t amp = headers.find('&');
      const std::string_view header = headers.substr(0, amp);
      const size_t equal = header.find('=');
      if (equal == std::string_view::npos || equal == 0) return BadUri("bad URI header in " + Excerpt(text));
      const std::string_view name = header.substr(0, equal);
      const std::string_view value = header.substr(equal + 1);
      if (!AllOf(name, IsHeaderChar) || !AllOf(value, IsHeaderChar) || !HasValidEscapes(header)) {
        return BadUri("bad URI header in " + Excerpt(text));
      }
      uri.headers.emplace_back(name, value);
      if (amp == std::string_view::npos) break;
      headers = headers.substr(amp + 1);
    }
  }
  return uri;
}

std::string SipUri::Format() const {
  std::string out = secure ? "sips:" : "sip:";
  if (!user.empty()) {
    out += user;
    if (password) {
      out.push_back(':');
      out += *password;
    }
    out.push_back('@');
  }
  out += host;
  if (port) {
    out.push_back(':');
    out += std::to_string(*port);
  }
  params.AppendTo(&out);
  for (size_t i = 0; i < headers.size(); ++i) {
    out.push_back(i == 0 ? '?' : '&');
    out += headers[i].first;
    out.push_back('=');
    out += headers[i].second;
  }
  return out;
}

std::string SipUri::UserUnescaped() const {
  return Unescape(user).value_or(std::string());
}

}  // namespace softmcu::sip
