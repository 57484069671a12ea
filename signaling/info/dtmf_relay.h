#pragma once
// DTMF carried in SIP INFO, the way room systems and softphones send key presses when
// RFC 4733 telephone-events are not negotiated (softmcu uses them for PIN entry and
// request-to-speak):
//
//   application/dtmf-relay   "Signal=5\r\nDuration=160\r\n"   (Cisco's de-facto format:
//                            key=value lines, any order, Duration in ms, optional)
//   application/dtmf         "5"                              (the key alone)
//
// Signals: 0-9 * # A-D (any case); the event numbers 10-15 of RFC 4733 §3.2 are
// accepted for * # A B C D as some terminals send them. Other lines are ignored; a
// missing or bad Signal, a Duration that is not a number up to 60 s, or a body over
// 256 bytes is malformed.

#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/units.h"

namespace softmcu::sip {

struct DtmfKey {
  char key = '0';  // '0'-'9', '*', '#', 'A'-'D'
  TimeDelta duration = TimeDelta::Millis(250);  // when the sender did not say
  bool operator==(const DtmfKey&) const = default;
};

class DtmfRelay {
 public:
  static constexpr size_t kMaxBodySize = 256;
  static Result<DtmfKey> ParseDtmfRelay(std::string_view body);
  static Result<DtmfKey> ParseDtmf(std::string_view body);
  // '5' from "5", "10" → '*', "11" → '#', "12".."15" → 'A'..'D'; nullopt otherwise.
  static std::optional<char> ParseSignal(std::string_view text);
};

}  // namespace softmcu::sip
