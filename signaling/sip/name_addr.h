#pragma once
// name-addr / addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39, §25.1):
//
//   from-spec   = ( name-addr / addr-spec ) *( SEMI from-param )
//   name-addr   = [ display-name ] LAQUOT addr-spec RAQUOT
//   display-name = *(token LWS) / quoted-string
//
// used by From, To, Contact, Route, Record-Route, Refer-To, Reply-To. Display names are
// UTF-8 (quoted: "UBND huyện Triệu Sơn"), returned unquoted and unescaped; Format() quotes
// them again so they round-trip. In addr-spec form a URI cannot carry ',', '?' or ';'
// (§20.10): those belong in angle brackets (RFC 4475 regbadct). Tolerated deviation:
// no LWS needed between a token display name and '<' (RFC 4475 §3.1.1.6 lwsdisp).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_uri.h"

namespace softmcu::sip {

// Which forms a list accepts: Route and Record-Route take name-addr only (§25.1
// route-param = name-addr *( SEMI rr-param )).
enum class AddressForm { kAny, kNameAddrOnly };

struct NameAddr {
  std::string display_name;
  bool angle_brackets = false;    // name-addr form on the wire
  std::string uri;                // the URI text, any scheme
  std::optional<SipUri> sip_uri;  // parsed when the scheme is sip or sips
  GenericParams params;           // header parameters: tag, expires, q...

  // One element (no top-level commas). Errors are kBadHeader/kBadUri/kTooManyValues;
  // the caller names the header.
  static SipResult<NameAddr> Parse(std::string_view value);
  // A comma-separated list.
  static SipResult<std::vector<NameAddr>> ParseList(std::string_view value, AddressForm form);

  // Always the name-addr form: ["display" ]<uri>;params.
  std::string Format() const;
  std::optional<std::string_view> Tag() const { return params.Value("tag"); }

  bool operator==(const NameAddr&) const = default;
};

// Contact (RFC 3261 §20.10): "*" or a list of contact-params, over all Contact lines.
struct Contacts {
  bool wildcard = false;
  std::vector<NameAddr> entries;

  static SipResult<Contacts> Parse(const std::vector<std::string_view>& values);
};

}  // namespace softmcu::sip
