#pragma once
// a=ssrc (RFC 5576 §4.1): a source attribute of one SSRC,
//
//   a=ssrc:<ssrc-id> <attribute>[:<value>]        e.g. "1026296650 cname:sip:ua0@127.0.0.1"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

struct SsrcAttribute {
  uint32_t ssrc = 0;
  std::string attribute;             // "cname", "msid", ...
  std::optional<std::string> value;  // everything after the first ':' of the attribute

  static Result<SsrcAttribute> Parse(std::string_view value);
  std::string Format() const;
};

}  // namespace softmcu::sdp
