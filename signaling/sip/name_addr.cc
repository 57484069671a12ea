#include "signaling/sip/name_addr.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, std::move(message));
}

// absoluteURI of a scheme we do not interpret (tel:, urn:...): no whitespace, quotes or
// angle brackets, printable ASCII only.
bool IsPlausibleAbsoluteUri(std::string_view uri) {
  if (UriScheme(uri).empty()) return false;
  for (char c : uri) {
    const auto u = static_cast<uint8_t>(c);
    if (u <= 0x20 || u >= 0x7f || c == '<' || c == '>' || c == '"') return false;
  }
  return true;
}

SipResult<void> SetUri(NameAddr* out, std::string_view uri) {
  out->uri = std::string(uri);
  const std::string_view scheme = UriScheme(uri);
  if (EqualsIgnoreCase(scheme, "sip") || EqualsIgnoreCase(scheme, "sips")) {
    auto parsed = SipUri::Parse(uri);
    if (!parsed) return tl::unexpected(parsed.error());
    out->sip_uri = std::move(*parsed);
    return {};
  }
  if (!IsPlausibleAbsoluteUri(uri)) return Bad("bad URI " + Excerpt(uri));
  return {};
}

}  // namespace

SipResult<NameAddr> NameAddr::Parse(std::string_view value) {
  value = TrimLws(value);
  if (value.empty()) return Bad("empty address");
  NameAddr result;
  size_t pos = 0;
  if (value[0] == '"') {
    size_t end = 0;
    auto display = ParseQuotedString(value, 0, &end);
    if (!display) return Bad("bad quoted display name");  // quotbal
    result.display_name = std::move(*display);
    pos = SkipLws(value, end);
    if (pos >= value.size() || value[pos] != '<') return Bad("quoted display name not followed by '<'");
  } else {
    // *(token LWS) up to '<' means name-addr; reaching ':' first means an addr-spec.
    size_t scan = 0;
    while (scan < value.size() && (IsTokenChar(value[scan]) || SkipLws(value, scan) != scan)) {
      scan = IsTokenChar(value[scan]) ? scan + 1 : SkipLws(value, scan);
    }
    if (scan < value.size() && value[scan] == '<') {
      result.display_name = Unfold(TrimLws(value.substr(0, scan)));
      pos = scan;
    } else if (scan < value.size() && value[scan] == ':') {
      pos = std::string_view::npos;  // addr-spec
    } else {
      return Bad("bad display name or address " + Excerpt(value));  // baddn
    }
  }

  std::string_view params;
  if (pos != std::string_view::npos) {
    const size_t close = value.find('>', pos);
    if (close == std::string_view::npos) return Bad("missing '>' in " + Excerpt(value));
    if (auto set = SetUri(&result, value.substr(pos + 1, close - pos - 1)); !set)
      return tl::unexpected(set.error());
    result.angle_brackets = true;
    params = value.substr(close + 1);
  } else {
    size_t end = 0;
    while (end < value.size() && value[end] != ';' && SkipLws(value, end) == end) ++end;
    const std::string_view uri = value.substr(0, end);
    // §20.10: a URI with ',', '?' or ';' must be in angle brackets.
    if (uri.find_first_of(",?") != std::string_view::npos)
      return Bad("URI with '?' or ',' outside <>: " + Excerpt(uri));
    if (auto set = SetUri(&result, uri); !set) return tl::unexpected(set.error());
    params = value.substr(end);
  }
  auto parsed = GenericParams::Parse(params, ParamSyntax::kHeader);
  if (!parsed) return tl::unexpected(parsed.error());
  result.params = std::move(*parsed);
  return result;
}

SipResult<std::vector<NameAddr>> NameAddr::ParseList(std::string_view value, AddressForm form) {
  auto elements = SplitList(value, SipLimits::kMaxListElements);
  if (!elements) return tl::unexpected(elements.error());
  std::vector<NameAddr> out;
  out.reserve(elements->size());
  for (std::string_view element : *elements) {
    auto parsed = Parse(element);
    if (!parsed) return tl::unexpected(parsed.error());
    if (form == AddressForm::kNameAddrOnly && !parsed->angle_brackets)
      return Bad("route entry without <>: " + Excerpt(element));
    out.push_back(std::move(*parsed));
  }
  return out;
}

std::string NameAddr::Format() const {
  std::string out;
  if (!display_name.empty()) {
    out += QuoteString(display_name);
    out.push_back(' ');
  }
  out.push_back('<');
  out += uri;
  out.push_back('>');
  params.AppendTo(&out);
  return out;
}

SipResult<Contacts> Contacts::Parse(const std::vector<std::string_view>& values) {
  Contacts contacts;
  for (std::string_view value : values) {
    if (TrimLws(value) == "*") {
      contacts.wildcard = true;
      continue;
    }
    auto list = NameAddr::ParseList(value, AddressForm::kAny);
    if (!list) return tl::unexpected(list.error());
    for (auto& entry : *list) {
      if (contacts.entries.size() >= SipLimits::kMaxListElements) {
        return MakeSipError(SipErrorCode::kTooManyValues, "too many Contact values");
      }
      contacts.entries.push_back(std::move(entry));
    }
  }
  // STAR is the whole header (§20.10): never mixed with addresses.
  if (contacts.wildcard && (values.size() != 1 || !contacts.entries.empty()))
    return Bad("Contact '*' mixed with addresses");
  return contacts;
}

}  // namespace softmcu::sip
