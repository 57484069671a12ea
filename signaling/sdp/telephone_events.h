#pragma once
// The events list of telephone-event's a=fmtp (RFC 4733 §2.4.1), e.g. "0-15" or "0-11,16":
//
//   events = event-range *("," event-range);  event-range = 1*3DIGIT ["-" 1*3DIGIT]; 0-255
//
// No fmtp at all means events 0-15 (RFC 4733 §2.4.1).

#include <bitset>
#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

struct TelephoneEvents {
  std::bitset<256> events;

  static Result<TelephoneEvents> Parse(std::string_view list);
  static TelephoneEvents Default();  // 0-15: the DTMF digits, *, #, A-D
  std::string Format() const;        // ranges, e.g. "0-15"
};

}  // namespace softmcu::sdp
