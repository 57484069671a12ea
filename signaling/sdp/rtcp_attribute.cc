#include "signaling/sdp/rtcp_attribute.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<RtcpAttribute> RtcpAttribute::Parse(std::string_view value) {
  auto fields = SplitFields(value, 5);
  if (fields.size() != 1 && fields.size() != 4) {
    return MakeError(ErrorCode::kInvalidArgument, "a=rtcp needs '<port> [IN IP4|IP6 <address>]'");
  }
  auto port = ParseUnsigned(fields[0], 65535);
  if (!port) return MakeError(ErrorCode::kInvalidArgument, "a=rtcp port is not a number");
  RtcpAttribute attr{.port = static_cast<uint16_t>(*port)};
  if (fields.size() == 4) {
    if (fields[1] != "IN" || (fields[2] != "IP4" && fields[2] != "IP6")) {
      return MakeError(ErrorCode::kInvalidArgument, "a=rtcp address is not 'IN IP4' or 'IN IP6'");
    }
    attr.address = std::string(fields[3]);
  }
  return attr;
}

std::string RtcpAttribute::Format() const {
  std::string out = std::to_string(port);
  if (address) out += (address->find(':') != std::string::npos ? " IN IP6 " : " IN IP4 ") + *address;
  return out;
}

}  // namespace softmcu::sdp
