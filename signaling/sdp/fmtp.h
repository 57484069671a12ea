#pragma once
// a=fmtp (RFC 8866 §6.15): format-specific parameters of one payload type,
//
//   a=fmtp:<payload type> <format specific parameters>
//
// Most codecs use "key=value" pairs separated by ';' (RFC 6184 §8.2.1, RFC 7587 §7) with
// optional spaces after ';' ("packetization-mode=1; profile-level-id=42e01f" is common).
// telephone-event uses a bare list ("0-15", RFC 4733 §2.4.1): such items have no value.
// Keys compare case-insensitively (media type parameter names, RFC 6838 §4.3); values
// are kept as written.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace softmcu::sdp {

struct FmtpParameter {
  std::string key;
  std::optional<std::string> value;  // absent for a bare item such as "0-15"
};

struct Fmtp {
  static constexpr size_t kMaxParameters = 32;

  uint8_t payload_type = 0;
  std::string text;  // everything after the payload type, verbatim
  std::vector<FmtpParameter> parameters;

  static Result<Fmtp> Parse(std::string_view value);
  // Builds one from parameters (text is derived, ';'-separated without spaces).
  static Fmtp Make(uint8_t payload_type, std::vector<FmtpParameter> parameters);
  std::string Format() const;  // the attribute value

  const FmtpParameter* Find(std::string_view key) const;
  std::optional<std::string_view> Value(std::string_view key) const;
};

}  // namespace softmcu::sdp
