#pragma once
// Retry-After (RFC 3261 §20.33):
//   Retry-After = "Retry-After" HCOLON delta-seconds [ comment ] *( SEMI retry-param )
//   retry-param = ("duration" EQUAL delta-seconds) / generic-param
// delta-seconds above 2**32-1 are rejected (RFC 4475 scalarlg).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct RetryAfter {
  uint32_t seconds = 0;
  std::string comment;  // without the outer parentheses
  std::optional<uint32_t> duration;
  GenericParams params;

  static SipResult<RetryAfter> Parse(std::string_view value);
};

}  // namespace softmcu::sip
