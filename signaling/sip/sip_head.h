#pragma once
// Splits the start line and header section of a SIP message (RFC 3261 §7, §7.3.1) without
// interpreting any value, under SipLimits. Shared by SipParser (whole messages) and
// StreamFramer (finding where a message ends in a TCP byte stream).
//
//   generic-message = start-line *message-header CRLF [ message-body ]
//
// Lines end with CRLF; a CRLF followed by SP or HT continues the header (obs-fold), and
// the returned value keeps the fold (header parsers treat it as LWS). A bare CR or LF in
// the header section is an error. Leading CRLFs are skipped (§7.5: keep-alives and
// stream padding before a start line).

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct RawHeader {
  std::string_view name;   // as on the wire, trailing SP/HT removed
  std::string_view value;  // LWS-trimmed, folds inside kept
};

// Views into the scanned text; valid while that text is.
struct SipHead {
  size_t start = 0;  // bytes of leading CRLFs skipped
  std::string_view start_line;
  std::vector<RawHeader> headers;
  size_t body_offset = 0;  // index after the empty line, when complete
  bool complete = false;   // the empty line ending the header section was seen
  // A limit or syntax error; `headers` then holds the fields read before it.
  std::optional<SipError> error;
};

SipHead ScanHead(std::string_view text);

}  // namespace softmcu::sip
