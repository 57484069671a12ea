#pragma once
// a=rtpmap (RFC 8866 §6.6):
//
//   a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
//
// e.g. "96 opus/48000/2", "97 H264/90000". Encoding names compare case-insensitively
// (RFC 4855 §3); for audio the encoding parameter is the channel count.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

struct Rtpmap {
  uint8_t payload_type = 0;
  std::string encoding_name;
  uint32_t clock_rate = 0;
  std::optional<uint32_t> channels;

  // Parses the attribute value (after "rtpmap:").
  static Result<Rtpmap> Parse(std::string_view value);
  std::string Format() const;            // the attribute value, e.g. "96 opus/48000/2"
  bool Is(std::string_view name) const;  // case-insensitive encoding name match
};

// The rtpmap a static payload type implies when the SDP carries none (RFC 3551 Tables 4
// and 5); nullopt for unassigned and dynamic numbers (35-71, 77-127).
std::optional<Rtpmap> StaticRtpmap(uint8_t payload_type);

// Payload types are 7 bits (RFC 3550 §5.1); 96-127 are dynamic (RFC 3551 §6).
std::optional<uint8_t> ParsePayloadType(std::string_view text);

}  // namespace softmcu::sdp
