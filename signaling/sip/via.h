#pragma once
// Via (RFC 3261 §20.42, §25.1; rport RFC 3581 §3):
//
//   via-parm      = sent-protocol LWS sent-by *( SEMI via-params )
//   sent-protocol = protocol-name SLASH protocol-version SLASH transport
//   sent-by       = host [ COLON port ]
//   via-params    = via-ttl / via-maddr / via-received / via-branch / response-port / via-extension
//
// e.g. "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport". LWS is allowed around
// SLASH and COLON (RFC 4475 wsinv: "SIP  /   2.0\r\n /UDP"). Transport is any token
// (RFC 4475 transports: UNKNOWN). Checked here: received is an IP address, rport is empty
// or a port, ttl is 0-255, branch a token. Not checked: the z9hG4bK cookie (RFC 4475
// badbranch "z9hG4bK" alone is accepted; transactions decide what to do with it).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_uri.h"

namespace softmcu::sip {

struct Via {
  std::string protocol_name = "SIP";
  std::string protocol_version = "2.0";
  std::string transport = "UDP";  // as written; compare with EqualsIgnoreCase
  std::string host;
  HostType host_type = HostType::kHostname;
  std::optional<uint16_t> port;
  GenericParams params;

  static SipResult<Via> Parse(std::string_view value);
  // All via-parms of one header value (comma-separated).
  static SipResult<std::vector<Via>> ParseList(std::string_view value);
  std::string Format() const;

  std::optional<std::string_view> Branch() const { return params.Value("branch"); }
  std::optional<std::string_view> Received() const { return params.Value("received"); }
  bool HasRport() const { return params.Has("rport"); }
  // The rport value a server filled in (RFC 3581 §4); nullopt for the bare flag.
  std::optional<uint16_t> Rport() const;
  // RFC 3261 §8.1.1.7: branches of RFC 3261 elements start with the magic cookie.
  bool HasMagicCookie() const;

  bool operator==(const Via&) const = default;
};

}  // namespace softmcu::sip
