#pragma once
// Finds message boundaries in a TCP/TLS byte stream (RFC 3261 §18.3: Content-Length is
// mandatory on streams and delimits the body). Stateless: give it the bytes buffered so
// far (starting at a message boundary) and it says what is at the front:
//
//   kNeedMore   nothing complete yet; read more (the buffer stays under the limits)
//   kKeepAlive  `size` bytes of CRLF before a start line: drop them (RFC 3261 §7.5;
//               "\r\n\r\n" is an RFC 5626 §4.4.1 ping the reader may answer with "\r\n")
//   kMessage    a message of `size` bytes: SipParser::Parse(first size bytes, kStream)
//   kError      `error`; the stream cannot be resynchronized, close the connection
//
// A peer that sends header lines forever is cut once the head passes SipLimits::
// kMaxHeadSize (or a line passes kMaxLineLength), so a reader never buffers more than
// SipLimits::kMaxMessageSize per connection.

#include <cstddef>
#include <string_view>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct Frame {
  enum class Kind { kNeedMore, kKeepAlive, kMessage, kError };
  Kind kind = Kind::kNeedMore;
  size_t size = 0;
  SipError error;
};

class StreamFramer {
 public:
  static Frame Next(std::string_view buffered);
};

}  // namespace softmcu::sip
