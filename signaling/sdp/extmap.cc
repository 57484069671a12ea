#include "signaling/sdp/extmap.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<Extmap> Extmap::Parse(std::string_view value) {
  auto fields = SplitFields(value, 3);
  if (fields.size() < 2) return MakeError(ErrorCode::kInvalidArgument, "a=extmap needs '<id> <URI>'");
  auto [id_text, direction_text] = SplitOnce(fields[0], '/');
  auto id = ParseUnsigned(id_text, 255);
  if (!id || *id == 0) return MakeError(ErrorCode::kInvalidArgument, "a=extmap id is not 1-255");
  Extmap extmap{.id = static_cast<uint16_t>(*id), .uri = std::string(fields[1])};
  if (fields[0].find('/') != std::string_view::npos) {
    extmap.direction = ParseMediaDirection(direction_text);
    if (!extmap.direction) return MakeError(ErrorCode::kInvalidArgument, "a=extmap direction is invalid");
  }
  if (fields.size() == 3) extmap.attributes = std::string(fields[2]);
  return extmap;
}

std::string Extmap::Format() const {
  std::string out = std::to_string(id);
  if (direction) out += "/" + std::string(ToString(*direction));
  out += " " + uri;
  if (!attributes.empty()) out += " " + attributes;
  return out;
}

}  // namespace softmcu::sdp
