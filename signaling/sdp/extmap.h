#pragma once
// a=extmap (RFC 8285 §8): an RTP header extension and the id it uses,
//
//   a=extmap:<id>[/<direction>] <URI> [<extension attributes>]
//
// Ids 1-14 fit the one-byte header form, 1-255 the two-byte form (RFC 8285 §4.2, §4.3).
// softmcu answers no header extension yet; the view lets a later layer pick some.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "signaling/sdp/media_direction.h"

namespace softmcu::sdp {

struct Extmap {
  uint16_t id = 0;
  std::optional<MediaDirection> direction;
  std::string uri;
  std::string attributes;  // verbatim, may be empty

  static Result<Extmap> Parse(std::string_view value);
  std::string Format() const;
};

}  // namespace softmcu::sdp
