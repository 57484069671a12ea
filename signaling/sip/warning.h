#pragma once
// Warning (RFC 3261 §20.43):
//   warning-value = warn-code SP warn-agent SP warn-text
//   warn-code = 3DIGIT; warn-agent = hostport / pseudonym; warn-text = quoted-string
// e.g. `307 isi.edu "Session parameter 'foo' not understood"`. A 4-digit code is rejected
// (RFC 4475 scalarlg "1812").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct Warning {
  uint16_t code = 0;
  std::string agent;
  std::string text;  // unquoted

  static SipResult<Warning> Parse(std::string_view value);
  static SipResult<std::vector<Warning>> ParseList(std::string_view value);
  std::string Format() const;

  bool operator==(const Warning&) const = default;
};

}  // namespace softmcu::sip
