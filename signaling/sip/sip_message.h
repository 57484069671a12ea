#pragma once
// A parsed SIP request or response (RFC 3261 §7). The message owns its wire text once, in
// one std::string; headers are offsets into it, so parsing allocates per header, not per
// byte. Typed accessors parse a header value on demand into an owned struct.
//
// A SipMessage comes from SipParser::Parse (wire input) or SipMessageBuilder (our own
// messages), which validate the headers every element needs: Via, From, To, Call-ID,
// CSeq, Max-Forwards, Contact, Route, Record-Route, Content-Type, Content-Length. Their
// accessors therefore succeed; the others report a malformed value when asked.
//
// Not thread-safe for writing; const access from several threads is fine.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/content_type.h"
#include "signaling/sip/cseq.h"
#include "signaling/sip/digest_params.h"
#include "signaling/sip/header_name.h"
#include "signaling/sip/name_addr.h"
#include "signaling/sip/reason_header.h"
#include "signaling/sip/retry_after.h"
#include "signaling/sip/session_expires.h"
#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_uri.h"
#include "signaling/sip/via.h"
#include "signaling/sip/warning.h"

namespace softmcu::sip {

// How the bytes arrived: a datagram carries one message and Content-Length is optional
// (RFC 3261 §18.3: the body is the rest of the datagram, or is cut to Content-Length);
// a stream carries exactly one framed message (StreamFramer) with a Content-Length.
enum class Framing { kDatagram, kStream };

class SipMessage {
 public:
  struct Header {
    HeaderId id = HeaderId::kOther;
    uint32_t name_offset = 0;
    uint32_t name_length = 0;
    uint32_t value_offset = 0;
    uint32_t value_length = 0;
  };

  bool IsRequest() const { return is_request_; }
  // Requests.
  std::string_view Method() const { return Slice(method_offset_, method_length_); }
  std::string_view RequestUri() const { return Slice(uri_offset_, uri_length_); }
  SipResult<SipUri> ParsedRequestUri() const { return SipUri::Parse(RequestUri()); }
  // Responses.
  int StatusCode() const { return status_code_; }
  std::string_view ReasonPhrase() const { return Slice(reason_offset_, reason_length_); }

  // The message as received (leading CRLFs and datagram bytes after the body excluded).
  std::string_view Text() const { return text_; }
  std::string_view Body() const { return Slice(body_offset_, body_length_); }

  std::span<const Header> headers() const { return headers_; }
  std::string_view NameOf(const Header& header) const {
    return Slice(header.name_offset, header.name_length);
  }
  // LWS-trimmed; may contain folds (CRLF SP), which every typed parser treats as LWS.
  std::string_view ValueOf(const Header& header) const {
    return Slice(header.value_offset, header.value_length);
  }

  // First value of a header; for kOther use the name overload.
  std::optional<std::string_view> Find(HeaderId id) const;
  // Any header by name, long or compact form, case-insensitively.
  std::optional<std::string_view> Find(std::string_view name) const;
  std::vector<std::string_view> FindAll(HeaderId id) const;
  std::vector<std::string_view> FindAll(std::string_view name) const;

  // Validated at parse time.
  std::vector<Via> Vias() const;  // all Via values, top first
  Via TopVia() const;
  NameAddr From() const;
  NameAddr To() const;
  // The tag parameters, copied (From().Tag() is a view into a temporary).
  std::optional<std::string> FromTag() const;
  std::optional<std::string> ToTag() const;
  std::string_view CallId() const;
  CSeq Sequence() const;
  std::optional<uint32_t> MaxForwards() const;
  Contacts ContactList() const;
  std::vector<NameAddr> Routes() const;
  std::vector<NameAddr> RecordRoutes() const;
  std::optional<ContentType> BodyType() const;

  // Parsed on demand; nullopt inside when the header is absent.
  SipResult<std::vector<std::string>> Tokens(HeaderId id) const;  // Require, Supported, Allow...
  SipResult<std::optional<SessionExpires>> GetSessionExpires() const;
  SipResult<std::optional<MinSE>> GetMinSE() const;
  SipResult<std::optional<RetryAfter>> GetRetryAfter() const;
  SipResult<std::vector<Warning>> Warnings() const;
  SipResult<std::vector<ReasonHeader>> Reasons() const;
  // Every Authorization, WWW-Authenticate, Proxy-Authenticate or Proxy-Authorization value.
  SipResult<std::vector<DigestParams>> Authentications(HeaderId id) const;

  // Wire text: canonical long header names, folds replaced by SP, and a Content-Length
  // that matches the body (added when missing).
  std::string Serialize() const;

  // A response to `request` per RFC 3261 §8.2.6.2: Via (all, in order), From, To, Call-ID
  // and CSeq copied; `to_tag` added to To when it has none (and code > 100).
  static SipResult<SipMessage> MakeResponse(const SipMessage& request, int code, std::string_view reason,
                                            std::string_view to_tag = {});

 private:
  friend class SipParser;

  std::string_view Slice(uint32_t offset, uint32_t length) const {
    return std::string_view(text_).substr(offset, length);
  }

  std::string text_;
  std::vector<Header> headers_;
  bool is_request_ = false;
  uint32_t method_offset_ = 0, method_length_ = 0;
  uint32_t uri_offset_ = 0, uri_length_ = 0;
  int status_code_ = 0;
  uint32_t reason_offset_ = 0, reason_length_ = 0;
  uint32_t body_offset_ = 0, body_length_ = 0;
};

}  // namespace softmcu::sip
