#pragma once
// Reason (RFC 3326 §2):
//   Reason       = "Reason" HCOLON reason-value *(COMMA reason-value)
//   reason-value = protocol *(SEMI reason-params)
//   protocol     = "SIP" / "Q.850" / token
//   reason-params = protocol-cause / reason-text / reason-extension
//   protocol-cause = "cause" EQUAL cause; cause = 1*DIGIT; reason-text = "text" EQUAL quoted-string
// e.g. `SIP ;cause=200 ;text="Call completed elsewhere"`, `Q.850;cause=16`.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/generic_params.h"
#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct ReasonHeader {
  std::string protocol;
  std::optional<uint32_t> cause;
  std::optional<std::string> text;
  GenericParams params;  // all of them, cause and text included

  static SipResult<ReasonHeader> Parse(std::string_view value);
  static SipResult<std::vector<ReasonHeader>> ParseList(std::string_view value);
  std::string Format() const;
};

}  // namespace softmcu::sip
