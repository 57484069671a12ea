#include "signaling/sip/sip_head.h"

#include <string>

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

void Fail(SipHead* head, SipErrorCode code, std::string message) {
  head->error = SipError{code, std::move(message), {}, std::nullopt};
}

// A CR must start a CRLF and a LF must end one; folds (CRLF WSP) are the only CRLFs left
// inside a logical header line.
bool HasBareCrOrLf(std::string_view line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\r' && (i + 1 >= line.size() || line[i + 1] != '\n')) return true;
    if (line[i] == '\n' && (i == 0 || line[i - 1] != '\r')) return true;
  }
  return false;
}

}  // namespace

SipHead ScanHead(std::string_view text) {
  SipHead head;
  size_t pos = 0;
  while (text.substr(pos, 2) == "\r\n") pos += 2;
  head.start = pos;

  const size_t start_end = text.find("\r\n", pos);
  if (start_end == std::string_view::npos) {
    if (text.size() - pos > SipLimits::kMaxLineLength)
      Fail(&head, SipErrorCode::kLineTooLong, "start line too long");
    return head;
  }
  if (start_end - pos > SipLimits::kMaxLineLength) {
    Fail(&head, SipErrorCode::kLineTooLong, "start line too long");
    return head;
  }
  head.start_line = text.substr(pos, start_end - pos);
  if (HasBareCrOrLf(head.start_line)) {
    Fail(&head, SipErrorCode::kBadStartLine, "bare CR or LF in the start line");
    return head;
  }
  pos = start_end + 2;

  while (true) {
    if (pos - head.start > SipLimits::kMaxHeadSize) {
      Fail(&head, SipErrorCode::kTooLarge,
           "header section over " + std::to_string(SipLimits::kMaxHeadSize) + " bytes");
      return head;
    }
    if (text.substr(pos, 2) == "\r\n") {
      head.complete = true;
      head.body_offset = pos + 2;
      return head;
    }
    if (pos + 2 > text.size()) return head;  // need more

    // One logical line: physical lines joined by folds.
    const size_t line_begin = pos;
    size_t line_end = 0;
    while (true) {
      const size_t eol = text.find("\r\n", pos);
      const size_t length = (eol == std::string_view::npos ? text.size() : eol) - line_begin;
      if (length > SipLimits::kMaxLineLength) {
        Fail(&head, SipErrorCode::kLineTooLong,
             "header line over " + std::to_string(SipLimits::kMaxLineLength) + " bytes");
        return head;
      }
      if (eol == std::string_view::npos || eol + 2 >= text.size()) return head;  // need more
      if (text[eol + 2] == ' ' || text[eol + 2] == '\t') {
        pos = eol + 2;
        continue;
      }
      line_end = eol;
      pos = eol + 2;
      break;
    }
    if (head.headers.size() >= SipLimits::kMaxHeaders) {
      Fail(&head, SipErrorCode::kTooManyHeaders,
           "more than " + std::to_string(SipLimits::kMaxHeaders) + " headers");
      return head;
    }
    const std::string_view line = text.substr(line_begin, line_end - line_begin);
    if (HasBareCrOrLf(line)) {
      Fail(&head, SipErrorCode::kBadHeader, "bare CR or LF in a header line");
      return head;
    }
    // message-header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS
    const size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    if (colon == std::string_view::npos || !IsToken(name)) {
      Fail(&head, SipErrorCode::kBadHeader, "bad header line " + Excerpt(line));
      return head;
    }
    head.headers.push_back(RawHeader{name, TrimLws(line.substr(colon + 1))});
  }
}

}  // namespace softmcu::sip
