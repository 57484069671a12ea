#pragma once
// Parses an SDP body (RFC 8866; RFC 4566 is its predecessor and the same grammar) from a
// SIP message into a SessionDescription. The text comes from the network: parsing never
// throws, everything is bounded (SdpParser::k* limits), and an error names the line, e.g.
// "line 7: m= port is not a number".
//
// Strict where it matters (RFC 8866 §5 order v, o, s first; known attributes validated:
// rtpmap, fmtp, rtcp-fb, rtcp, rtcp-mux, direction, crypto, content, extmap, mid, ssrc,
// ptime, maxptime, framerate), tolerant where deployed terminals deviate — every tolerance
// is listed in signaling/sdp/README.md and in the comments of sdp_parser.cc:
//   - LF-only line endings as well as CRLF;
//   - trailing spaces/tabs on a line, empty lines (typically a trailing blank line);
//   - session-level lines after v/o/s, and media-level lines, in any order (RFC order is
//     i u e p c b t r z k a / i c b k a);
//   - an empty s= line;
//   - no c= line and no a=rtpmap for dynamic payload types in a media section whose port
//     is 0 (a rejected stream, usually a bare m= line).

#include <cstddef>
#include <string_view>

#include "core/result.h"
#include "signaling/sdp/session_description.h"

namespace softmcu::sdp {

class SdpParser {
 public:
  static constexpr size_t kMaxSize = 32 * 1024;
  static constexpr size_t kMaxMediaSections = 16;
  static constexpr size_t kMaxAttributesPerSection = 256;
  static constexpr size_t kMaxFormatsPerMedia = 64;
  static constexpr size_t kMaxBandwidthsPerSection = 8;
  static constexpr size_t kMaxTimings = 8;
  static constexpr size_t kMaxOtherLinesPerSection = 16;

  // Errors: kOutOfRange for a limit, kInvalidArgument otherwise; message "line N: ...".
  static Result<SessionDescription> Parse(std::string_view text);
};

}  // namespace softmcu::sdp
