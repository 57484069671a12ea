#pragma once
// a=rtcp (RFC 3605 §2.1): the RTCP port when it is not RTP's port + 1,
//
//   a=rtcp:<port> [<nettype> <addrtype> <connection-address>]     e.g. "53020 IN IP4 126.16.64.4"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

struct RtcpAttribute {
  uint16_t port = 0;
  std::optional<std::string> address;  // the connection-address when given

  static Result<RtcpAttribute> Parse(std::string_view value);
  std::string Format() const;
};

}  // namespace softmcu::sdp
