#pragma once
// Builds SIP messages for sending: a start line, headers in the order added, an optional
// body, and the matching Content-Length. Build() serializes and re-parses with SipParser,
// so a built SipMessage satisfies exactly what a received one does.
//
//   auto invite = SipMessageBuilder::Request("INVITE", "sip:bob@192.0.2.4")
//                     .AddHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1;rport")
//                     ...
//                     .SetBody("application/sdp", sdp)
//                     .Build();
//
// Values are not escaped for you: typed structs' Format() produce valid values. A value
// with CR or LF (header injection) or a name that is not a token is refused.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

class SipMessageBuilder {
 public:
  static SipMessageBuilder Request(std::string_view method, std::string_view request_uri);
  static SipMessageBuilder Response(int status_code, std::string_view reason);

  SipMessageBuilder& AddHeader(std::string_view name, std::string_view value);
  // Adds Content-Type (unless `content_type` is empty) and the body.
  SipMessageBuilder& SetBody(std::string_view content_type, std::string_view body);

  // The wire text; kInvalidArgument for anything that cannot go on the wire.
  SipResult<std::string> Serialize() const;
  SipResult<SipMessage> Build() const;

 private:
  SipMessageBuilder() = default;

  bool is_request_ = false;
  std::string method_;
  std::string request_uri_;
  int status_code_ = 0;
  std::string reason_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
};

}  // namespace softmcu::sip
