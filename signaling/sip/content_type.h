#pragma once
// Content-Type (RFC 3261 §20.15): media-type = m-type SLASH m-subtype *(SEMI m-parameter),
// m-parameter = m-attribute EQUAL m-value (token / quoted-string). e.g. "application/sdp",
// "multipart/mixed;boundary=7a9cbec02ceef655". Types compare case-insensitively.

#include <string>
#include <string_view>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct ContentType {
  std::string type;
  std::string subtype;
  GenericParams params;

  static SipResult<ContentType> Parse(std::string_view value);
  std::string Format() const;
  bool Is(std::string_view type, std::string_view subtype) const;

  bool operator==(const ContentType&) const = default;
};

}  // namespace softmcu::sip
