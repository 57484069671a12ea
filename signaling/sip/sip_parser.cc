#include "signaling/sip/sip_parser.h"

#include <array>
#include <string>

#include "signaling/sip/sip_head.h"
#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

// SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT (RFC 3261 §25.1; "SIP" case-insensitive).
bool IsVersionSyntax(std::string_view text) {
  if (text.size() < 7 || !EqualsIgnoreCase(text.substr(0, 4), "SIP/")) return false;
  const std::string_view number = text.substr(4);
  const size_t dot = number.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == number.size()) return false;
  for (size_t i = 0; i < number.size(); ++i) {
    if (i != dot && !IsDigit(number[i])) return false;
  }
  return true;
}

bool IsSip20(std::string_view text) {
  return EqualsIgnoreCase(text, "SIP/2.0");
}

// Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB).
// Tolerated: any printable ASCII (deployed UAs put quotes and brackets there).
bool IsReasonPhrase(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<uint8_t>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
  }
  return IsValidUtf8(text);
}

// callid = word [ "@" word ] (RFC 3261 §25.1)
bool IsCallId(std::string_view text) {
  const size_t at = text.find('@');
  const auto is_word = [](std::string_view word) {
    if (word.empty()) return false;
    for (char c : word) {
      if (!IsWordChar(c)) return false;
    }
    return true;
  };
  if (at == std::string_view::npos) return is_word(text);
  return is_word(text.substr(0, at)) && is_word(text.substr(at + 1));
}

bool IsResponseLine(std::string_view start_line) {
  return start_line.size() >= 4 && EqualsIgnoreCase(start_line.substr(0, 4), "SIP/");
}

// What a stateless error response needs, if the start line is a request's and every Via
// reads (RFC 3261 §8.2.6.2 copies Via, From, To, Call-ID, CSeq). A From, To, Call-ID or
// CSeq that is itself malformed is left out rather than echoed.
std::optional<RequestEcho> BuildEcho(const SipHead& head) {
  if (head.start_line.empty() || IsResponseLine(head.start_line)) return std::nullopt;
  const std::string_view method = head.start_line.substr(0, head.start_line.find(' '));
  if (!IsToken(method)) return std::nullopt;
  RequestEcho echo;
  echo.method = std::string(method);
  for (const RawHeader& header : head.headers) {
    const HeaderId id = LookupHeader(header.name);
    if (id == HeaderId::kVia) {
      if (!Via::ParseList(header.value)) return std::nullopt;
      echo.vias.push_back(Unfold(header.value));
    } else if (id == HeaderId::kFrom && echo.from.empty() && NameAddr::Parse(header.value)) {
      echo.from = Unfold(header.value);
    } else if (id == HeaderId::kTo && echo.to.empty() && NameAddr::Parse(header.value)) {
      echo.to = Unfold(header.value);
    } else if (id == HeaderId::kCallId && echo.call_id.empty() && IsCallId(header.value)) {
      echo.call_id = Unfold(header.value);
    } else if (id == HeaderId::kCSeq && echo.cseq.empty() && CSeq::Parse(header.value)) {
      echo.cseq = Unfold(header.value);
    }
  }
  if (echo.vias.empty()) return std::nullopt;
  return echo;
}

struct StartLine {
  std::string_view method;
  std::string_view uri;
  std::string_view reason;
  int status_code = 0;  // 0 for a request
};

// Parsing state: the head, the message under construction and the error factory.
class MessageReader {
 public:
  MessageReader(std::string_view wire, Framing framing, const SipHead& head)
      : wire_(wire), framing_(framing), head_(head) {}

  tl::unexpected<SipError> Fail(SipErrorCode code, std::string message, std::string_view header = {}) const {
    return tl::unexpected(SipError{code, std::move(message), std::string(header), BuildEcho(head_)});
  }
  tl::unexpected<SipError> Fail(SipError error, std::string_view header) const {
    if (!header.empty()) error.header = std::string(header);
    if (!header.empty() && error.code == SipErrorCode::kBadUri) error.code = SipErrorCode::kBadHeader;
    error.message = std::string(header) + ": " + error.message;
    error.request = BuildEcho(head_);
    return tl::unexpected(std::move(error));
  }

  uint32_t Offset(std::string_view piece) const {
    if (piece.empty()) return 0;
    return static_cast<uint32_t>(piece.data() - wire_.data() - head_.start);
  }

  SipResult<void> ReadStartLine(StartLine* start);
  SipResult<void> CheckHeaders(const SipMessage& message) const;
  SipResult<std::pair<size_t, size_t>> ReadBody() const;  // body offset in wire, length

 private:
  std::string_view wire_;
  Framing framing_;
  const SipHead& head_;
};

SipResult<void> MessageReader::ReadStartLine(StartLine* start) {
  const std::string_view line = head_.start_line;
  if (IsResponseLine(line)) {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (RFC 3261 §7.2)
    const size_t sp = line.find(' ');
    const std::string_view version = line.substr(0, sp);
    if (!IsVersionSyntax(version))
      return Fail(SipErrorCode::kBadStartLine, "bad Status-Line " + Excerpt(line));
    if (!IsSip20(version)) return Fail(SipErrorCode::kBadVersion, "unsupported version " + Excerpt(version));
    const std::string_view rest = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    if (rest.size() < 4 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2]) || rest[3] != ' ') {
      return Fail(SipErrorCode::kBadStatusCode, "Status-Code is not 3 digits and SP: " + Excerpt(line));
    }
    const int code = static_cast<int>(*ParseDigits(rest.substr(0, 3), 999));
    if (code < 100 || code > 699) return Fail(SipErrorCode::kBadStatusCode, "Status-Code out of 100-699");
    const std::string_view reason = rest.substr(4);
    if (!IsReasonPhrase(reason)) return Fail(SipErrorCode::kBadStartLine, "bad Reason-Phrase");
    start->status_code = code;
    start->reason = reason;
    return {};
  }
  // Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §7.1): exactly two
  // single SPs (RFC 4475 lwsstart, trws, lwsruri are rejected).
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
    return Fail(SipErrorCode::kBadStartLine, "Request-Line is not Method SP Request-URI SP SIP-Version");
  }
  const std::string_view method = line.substr(0, sp1);
  const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!IsToken(method) || uri.empty() || !IsVersionSyntax(version)) {
    return Fail(SipErrorCode::kBadStartLine, "bad Request-Line " + Excerpt(line));
  }
  if (!IsSip20(version)) return Fail(SipErrorCode::kBadVersion, "unsupported version " + Excerpt(version));
  if (uri.size() > SipLimits::kMaxRequestUriLength)
    return Fail(SipErrorCode::kUriTooLong, "Request-URI too long");
  const std::string_view scheme = UriScheme(uri);
  if (scheme.empty())
    return Fail(SipErrorCode::kBadUri, "Request-URI is not an absolute URI: " + Excerpt(uri));
  if (!EqualsIgnoreCase(scheme, "sip") && !EqualsIgnoreCase(scheme, "sips")) {
    return Fail(SipErrorCode::kUnsupportedUriScheme,
                "Request-URI scheme " + Excerpt(scheme) + " is not sip or sips");
  }
  auto parsed = SipUri::Parse(uri);
  if (!parsed) return Fail(SipErrorCode::kBadUri, "bad Request-URI: " + parsed.error().message);
  // §19.1.1 Table 1: headers are not allowed in a Request-URI (RFC 4475 escruri).
  if (!parsed->headers.empty()) return Fail(SipErrorCode::kBadUri, "Request-URI carries headers");
  start->method = method;
  start->uri = uri;
  return {};
}

SipResult<void> MessageReader::CheckHeaders(const SipMessage& message) const {
  // Single-valued headers every element reads (RFC 4475 multi01).
  constexpr std::array kSingles = {HeaderId::kCallId, HeaderId::kCSeq,        HeaderId::kFrom,
                                   HeaderId::kTo,     HeaderId::kMaxForwards, HeaderId::kContentType};
  for (HeaderId id : kSingles) {
    if (message.FindAll(id).size() > 1) {
      return Fail(SipErrorCode::kDuplicateHeader, "more than one " + std::string(CanonicalName(id)),
                  CanonicalName(id));
    }
  }
  // Mandatory in requests (RFC 3261 §8.1.1) and responses (§8.2.6.2, §20).
  constexpr std::array kMandatory = {HeaderId::kVia, HeaderId::kCSeq, HeaderId::kCallId, HeaderId::kFrom,
                                     HeaderId::kTo};
  for (HeaderId id : kMandatory) {
    if (!message.Find(id))
      return Fail(SipErrorCode::kMissingHeader, "no " + std::string(CanonicalName(id)), CanonicalName(id));
  }
  for (std::string_view value : message.FindAll(HeaderId::kVia)) {
    if (auto vias = Via::ParseList(value); !vias) return Fail(vias.error(), "Via");
  }
  auto cseq = CSeq::Parse(*message.Find(HeaderId::kCSeq));
  if (!cseq) return Fail(cseq.error(), "CSeq");
  if (message.IsRequest() && cseq->method != message.Method()) {
    return Fail(SipErrorCode::kCSeqMethodMismatch,
                "CSeq method " + Excerpt(cseq->method) + " is not the request's", "CSeq");
  }
  if (!IsCallId(*message.Find(HeaderId::kCallId)))
    return Fail(SipErrorCode::kBadHeader, "bad Call-ID", "Call-ID");
  for (HeaderId id : {HeaderId::kFrom, HeaderId::kTo}) {
    if (auto address = NameAddr::Parse(*message.Find(id)); !address)
      return Fail(address.error(), CanonicalName(id));
  }
  if (auto max_forwards = message.Find(HeaderId::kMaxForwards);
      max_forwards && !ParseDigits(*max_forwards, 255)) {
    return Fail(SipErrorCode::kBadHeader, "Max-Forwards is not 0-255", "Max-Forwards");
  }
  if (auto contacts = Contacts::Parse(message.FindAll(HeaderId::kContact)); !contacts) {
    return Fail(contacts.error(), "Contact");
  }
  for (HeaderId id : {HeaderId::kRoute, HeaderId::kRecordRoute}) {
    for (std::string_view value : message.FindAll(id)) {
      if (auto routes = NameAddr::ParseList(value, AddressForm::kNameAddrOnly); !routes)
        return Fail(routes.error(), CanonicalName(id));
    }
  }
  if (auto type = message.Find(HeaderId::kContentType)) {
    if (auto parsed = ContentType::Parse(*type); !parsed) return Fail(parsed.error(), "Content-Type");
  }
  return {};
}

SipResult<std::pair<size_t, size_t>> MessageReader::ReadBody() const {
  std::optional<uint64_t> content_length;
  for (const RawHeader& header : head_.headers) {
    if (LookupHeader(header.name) != HeaderId::kContentLength) continue;
    if (content_length) {
      return Fail(SipErrorCode::kBadContentLength, "more than one Content-Length",
                  "Content-Length");  // mcl01
    }
    content_length = ParseContentLength(header.value);
    if (!content_length) {
      return Fail(SipErrorCode::kBadContentLength, "Content-Length is not a number: " + Excerpt(header.value),
                  "Content-Length");  // ncl
    }
    if (*content_length > SipLimits::kMaxBodySize) {
      return Fail(SipErrorCode::kBodyTooLarge,
                  "Content-Length over " + std::to_string(SipLimits::kMaxBodySize), "Content-Length");
    }
  }
  const size_t available = wire_.size() - head_.body_offset;
  if (!content_length) {
    // §18.3 / §20.14: mandatory on streams; on datagrams the body is the rest.
    if (framing_ == Framing::kStream)
      return Fail(SipErrorCode::kMissingHeader, "no Content-Length on a stream", "Content-Length");
    if (available > SipLimits::kMaxBodySize) return Fail(SipErrorCode::kBodyTooLarge, "body too large");
    return std::make_pair(head_.body_offset, available);
  }
  if (available < *content_length) {
    return Fail(SipErrorCode::kBodyTruncated,
                "body has " + std::to_string(available) + " bytes, Content-Length says " +
                    std::to_string(*content_length),
                "Content-Length");  // clerr
  }
  if (available > *content_length && framing_ == Framing::kStream) {
    return Fail(SipErrorCode::kBadContentLength, "bytes after the body of a framed message",
                "Content-Length");
  }
  // §18.3: octets of a datagram past Content-Length are discarded (RFC 4475 dblreq).
  return std::make_pair(head_.body_offset, static_cast<size_t>(*content_length));
}

}  // namespace

std::optional<uint64_t> ParseContentLength(std::string_view value) {
  return ParseDigits(TrimLws(value), 0xffffffffu);
}

SipResult<SipMessage> SipParser::Parse(std::string_view wire, Framing framing) {
  const SipHead head = ScanHead(wire);
  MessageReader reader(wire, framing, head);
  if (head.error) return reader.Fail(head.error->code, head.error->message);
  if (wire.size() > SipLimits::kMaxMessageSize) {
    return reader.Fail(SipErrorCode::kTooLarge,
                       "message over " + std::to_string(SipLimits::kMaxMessageSize) + " bytes");
  }
  if (head.start_line.empty()) return reader.Fail(SipErrorCode::kBadStartLine, "no start line");
  if (!head.complete)
    return reader.Fail(SipErrorCode::kBadHeader, "header section does not end with an empty line");

  StartLine start;
  if (auto read = reader.ReadStartLine(&start); !read) return tl::unexpected(read.error());
  auto body = reader.ReadBody();
  if (!body) return tl::unexpected(body.error());

  const size_t end = body->first + body->second;
  SipMessage message;
  message.is_request_ = start.status_code == 0;
  message.status_code_ = start.status_code;
  message.method_offset_ = reader.Offset(start.method);
  message.method_length_ = static_cast<uint32_t>(start.method.size());
  message.uri_offset_ = reader.Offset(start.uri);
  message.uri_length_ = static_cast<uint32_t>(start.uri.size());
  message.reason_offset_ = reader.Offset(start.reason);
  message.reason_length_ = static_cast<uint32_t>(start.reason.size());
  message.text_ = std::string(wire.substr(head.start, end - head.start));
  message.body_offset_ = static_cast<uint32_t>(body->first - head.start);
  message.body_length_ = static_cast<uint32_t>(body->second);
  message.headers_.reserve(head.headers.size());
  for (const RawHeader& raw : head.headers) {
    message.headers_.push_back(SipMessage::Header{
        LookupHeader(raw.name), reader.Offset(raw.name), static_cast<uint32_t>(raw.name.size()),
        reader.Offset(raw.value), static_cast<uint32_t>(raw.value.size())});
  }
  if (auto checked = reader.CheckHeaders(message); !checked) return tl::unexpected(checked.error());
  return message;
}

}  // namespace softmcu::sip
