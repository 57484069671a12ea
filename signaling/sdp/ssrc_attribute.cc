#include "signaling/sdp/ssrc_attribute.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<SsrcAttribute> SsrcAttribute::Parse(std::string_view value) {
  auto fields = SplitFields(value, 2);
  if (fields.size() < 2) return MakeError(ErrorCode::kInvalidArgument, "a=ssrc needs '<ssrc> <attribute>'");
  auto ssrc = ParseUnsigned(fields[0], UINT32_MAX);
  if (!ssrc) return MakeError(ErrorCode::kInvalidArgument, "a=ssrc id is not a 32-bit number");
  auto [name, rest] = SplitOnce(fields[1], ':');
  if (!IsToken(name)) return MakeError(ErrorCode::kInvalidArgument, "a=ssrc attribute name is invalid");
  SsrcAttribute attr{.ssrc = static_cast<uint32_t>(*ssrc), .attribute = std::string(name)};
  if (fields[1].find(':') != std::string_view::npos) attr.value = std::string(rest);
  return attr;
}

std::string SsrcAttribute::Format() const {
  std::string out = std::to_string(ssrc) + " " + attribute;
  if (value) out += ":" + *value;
  return out;
}

}  // namespace softmcu::sdp
