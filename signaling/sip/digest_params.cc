#include "signaling/sip/digest_params.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

struct AlgorithmName {
  std::string_view name;
  DigestAlgorithm algorithm;
};

constexpr AlgorithmName kAlgorithms[] = {
    {"MD5", DigestAlgorithm::kMd5},
    {"MD5-sess", DigestAlgorithm::kMd5Sess},
    {"SHA-256", DigestAlgorithm::kSha256},
    {"SHA-256-sess", DigestAlgorithm::kSha256Sess},
    {"SHA-512-256", DigestAlgorithm::kSha512_256},
    {"SHA-512-256-sess", DigestAlgorithm::kSha512_256Sess},
};

bool AllHex(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsHex(c)) return false;
  }
  return true;
}

std::optional<bool> ParseBool(std::string_view text) {
  if (EqualsIgnoreCase(text, "true")) return true;
  if (EqualsIgnoreCase(text, "false")) return false;
  return std::nullopt;
}

}  // namespace

SipResult<DigestParams> DigestParams::Parse(std::string_view value, std::string_view header) {
  const auto bad = [&](std::string message) {
    return MakeSipError(SipErrorCode::kBadHeader, std::string(header) + ": " + message, std::string(header));
  };
  value = TrimLws(value);
  DigestParams result;
  size_t pos = 0;
  while (pos < value.size() && IsTokenChar(value[pos])) ++pos;
  result.scheme = std::string(value.substr(0, pos));
  if (result.scheme.empty()) return bad("missing auth scheme");
  const size_t params_begin = SkipLws(value, pos);
  if (params_begin == value.size()) return result;
  if (params_begin == pos) return bad("no LWS after auth scheme");

  auto elements = SplitList(value.substr(params_begin), SipLimits::kMaxParams);
  if (!elements) return bad(elements.error().message);
  std::vector<std::string> seen;
  for (std::string_view element : *elements) {
    size_t name_end = 0;
    while (name_end < element.size() && IsTokenChar(element[name_end])) ++name_end;
    const std::string_view name = element.substr(0, name_end);
    size_t at = SkipLws(element, name_end);
    if (name.empty() || at >= element.size() || element[at] != '=')
      return bad("bad auth-param " + Excerpt(element));
    at = SkipLws(element, at + 1);
    std::string param_value;
    if (at < element.size() && element[at] == '"') {
      size_t end = 0;
      auto quoted = ParseQuotedString(element, at, &end);
      if (!quoted || end != element.size()) return bad("bad quoted value of " + std::string(name));
      param_value = std::move(*quoted);
    } else {
      const std::string_view token = element.substr(at);
      if (!IsToken(token)) return bad("bad value of " + std::string(name));
      param_value = std::string(token);
    }
    for (const auto& previous : seen) {
      if (EqualsIgnoreCase(previous, name)) return bad("parameter " + std::string(name) + " appears twice");
    }
    seen.emplace_back(name);

    if (!result.IsDigest()) {
      result.other.emplace_back(name, std::move(param_value));
    } else if (EqualsIgnoreCase(name, "realm")) {
      result.realm = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "nonce")) {
      result.nonce = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "opaque")) {
      result.opaque = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "domain")) {
      result.domain = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "algorithm")) {
      result.algorithm = DigestAlgorithm::kOther;
      for (const auto& known : kAlgorithms) {
        if (EqualsIgnoreCase(known.name, param_value)) result.algorithm = known.algorithm;
      }
      result.algorithm_name = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "qop")) {
      result.qop = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "stale")) {
      auto stale = ParseBool(param_value);
      if (!stale) return bad("stale is neither true nor false");
      result.stale = *stale;
    } else if (EqualsIgnoreCase(name, "charset")) {
      result.charset = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "userhash")) {
      auto userhash = ParseBool(param_value);
      if (!userhash) return bad("userhash is neither true nor false");
      result.userhash = *userhash;
    } else if (EqualsIgnoreCase(name, "username")) {
      result.username = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "uri")) {
      result.uri = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "response")) {
      if (!AllHex(param_value)) return bad("response is not hex");
      result.response = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "cnonce")) {
      result.cnonce = std::move(param_value);
    } else if (EqualsIgnoreCase(name, "nc")) {
      if (param_value.size() != 8 || !AllHex(param_value)) return bad("nc is not 8 hex digits");  // §3.4
      result.nc = std::move(param_value);
    } else {
      result.other.emplace_back(name, std::move(param_value));
    }
  }
  return result;
}

bool DigestParams::IsDigest() const {
  return EqualsIgnoreCase(scheme, "Digest");
}

std::vector<std::string> DigestParams::QopOptions() const {
  std::vector<std::string> options;
  size_t pos = 0;
  while (pos <= qop.size() && options.size() < SipLimits::kMaxParams) {
    size_t comma = qop.find(',', pos);
    if (comma == std::string::npos) comma = qop.size();
    const std::string_view option = TrimLws(std::string_view(qop).substr(pos, comma - pos));
    if (!option.empty()) options.emplace_back(option);
    pos = comma + 1;
  }
  return options;
}

std::string DigestParams::Format(AuthRole role) const {
  std::string out = scheme;
  bool first = true;
  const auto add = [&](std::string_view name, const std::string& value, bool quote) {
    if (value.empty()) return;
    out += first ? " " : ", ";
    first = false;
    out += name;
    out.push_back('=');
    out += quote ? QuoteString(value) : value;
  };
  add("username", username, true);
  add("realm", realm, true);
  add("domain", domain, true);
  add("nonce", nonce, true);
  add("uri", uri, true);
  add("response", response, true);
  add("algorithm", algorithm_name, false);
  add("cnonce", cnonce, true);
  add("opaque", opaque, true);
  add("qop", qop, role == AuthRole::kChallenge || !IsToken(qop));
  add("nc", nc, false);
  if (stale) add("stale", "true", false);
  add("charset", charset, false);
  if (userhash) add("userhash", "true", false);
  for (const auto& [name, value] : other) add(name, value, !IsToken(value));
  return out;
}

}  // namespace softmcu::sip
