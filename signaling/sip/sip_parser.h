#pragma once
// Parses one SIP message (RFC 3261 §7) from a UDP datagram or a framed stream message
// into a SipMessage. Strict and bounded (SipLimits); never throws. A transport reader:
//
//   auto message = SipParser::Parse(datagram, Framing::kDatagram);
//   if (!message) {
//     if (auto response = BuildErrorResponse(message.error())) SendBack(*response);
//     return;  // else: dropped, nothing to answer to
//   }
//
// For TCP/TLS, StreamFramer::Next finds where each message ends first.
//
// Checked beyond the generic grammar: start line (SP-separated, SIP/2.0, sip:/sips:
// Request-URI without headers, status 100-699), mandatory headers (§8.1.1; Max-Forwards
// is optional for RFC 2543 peers), no duplicate Call-ID/CSeq/From/To/Max-Forwards/
// Content-Type/Content-Length, CSeq method = request method, and the grammar of Via, From,
// To, Call-ID, CSeq, Max-Forwards, Contact, Route, Record-Route, Content-Type and
// Content-Length. On failure of a request whose start line and Via could be read the
// error carries a RequestEcho (error_response.h).

#include <cstdint>
#include <span>
#include <string_view>

#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

class SipParser {
 public:
  static SipResult<SipMessage> Parse(std::string_view wire, Framing framing);
  static SipResult<SipMessage> Parse(std::span<const uint8_t> wire, Framing framing) {
    return Parse(std::string_view(reinterpret_cast<const char*>(wire.data()), wire.size()), framing);
  }
};

// Content-Length value: 1*DIGIT (RFC 3261 §20.14); nullopt for anything else ("-999", "five").
std::optional<uint64_t> ParseContentLength(std::string_view value);

}  // namespace softmcu::sip
