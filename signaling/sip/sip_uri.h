#pragma once
// SIP and SIPS URIs (RFC 3261 §19.1.1, grammar §25.1):
//
//   SIP-URI  = "sip:" [ userinfo ] hostport uri-parameters [ headers ]
//   SIPS-URI = "sips:" [ userinfo ] hostport uri-parameters [ headers ]
//   userinfo = ( user / telephone-subscriber ) [ ":" password ] "@"
//   hostport = host [ ":" port ];  host = hostname / IPv4address / IPv6reference
//   uri-parameters = *( ";" uri-parameter );  headers = "?" header *( "&" header )
//
// e.g. "sip:alice@192.0.2.1:5060;transport=tcp;lr", "sips:[2001:db8::1]".
// The user part and parameters stay %-escaped as on the wire (so that Format() gives the
// same text back); UserUnescaped() decodes. A password is parsed and kept for Format()
// only: §19.1.1 says it SHOULD NOT be used, and nothing in softmcu reads it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

enum class HostType { kHostname, kIPv4, kIPv6 };

// hostname / IPv4address / IPv6reference ("[...]") per §25.1; nullopt if none.
std::optional<HostType> ClassifyHost(std::string_view host);

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 §3.1); "" if `uri` has none.
std::string_view UriScheme(std::string_view uri);

struct SipUri {
  bool secure = false;  // sips:
  std::string user;     // escaped; empty when there is no userinfo
  std::optional<std::string> password;
  std::string host;  // IPv6 with its brackets
  HostType host_type = HostType::kHostname;
  std::optional<uint16_t> port;
  GenericParams params;                                      // uri-parameters
  std::vector<std::pair<std::string, std::string>> headers;  // escaped hname, hvalue

  // Errors are kBadUri (kTooManyValues for too many parameters or headers).
  static SipResult<SipUri> Parse(std::string_view text);
  std::string Format() const;

  // The user part with %-escapes decoded (may contain NUL, as escnull's "null-%00-null").
  std::string UserUnescaped() const;
  // uri-parameters the MCU looks at.
  std::optional<std::string_view> Transport() const { return params.Value("transport"); }
  std::optional<std::string_view> Maddr() const { return params.Value("maddr"); }
  bool LooseRoute() const { return params.Has("lr"); }

  bool operator==(const SipUri&) const = default;
};

}  // namespace softmcu::sip
