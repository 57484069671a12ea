#pragma once
// CSeq (RFC 3261 §20.16): CSeq = "CSeq" HCOLON 1*DIGIT LWS Method, the number below 2**31
// (§8.1.1.5). Leading zeros and folded LWS are fine (RFC 4475 wsinv "0009\r\n  INVITE").

#include <cstdint>
#include <string>
#include <string_view>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct CSeq {
  uint32_t number = 0;
  std::string method;

  // Errors are kBadCSeq.
  static SipResult<CSeq> Parse(std::string_view value);
  std::string Format() const { return std::to_string(number) + " " + method; }

  bool operator==(const CSeq&) const = default;
};

}  // namespace softmcu::sip
