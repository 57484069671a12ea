#pragma once
// Writes a SessionDescription as SDP text (RFC 8866 §5): CRLF line endings, lines in the
// RFC's order (session: v o s i u e p c b t r z k a; media: m i c b k a), attributes in
// the order they are stored. SdpParser::Parse(SdpWriter::Write(d)) gives back `d` for any
// description SdpParser produced.

#include <string>

#include "signaling/sdp/session_description.h"

namespace softmcu::sdp {

class SdpWriter {
 public:
  static std::string Write(const SessionDescription& sdp);
};

}  // namespace softmcu::sdp
