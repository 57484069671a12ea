#pragma once
// Errors of the SIP message layer (CONVENTIONS.md §6): a stable code callers switch on,
// a human message, and — when the problem is one header — that header's canonical name.
// Parsing never throws; every parser here returns SipResult<T>.
//
// A request that fails to parse but whose start line and Via headers could be read carries
// a RequestEcho: the pieces a stateless 4xx/5xx answer needs (RFC 3261 §8.2.6: Via, From,
// To, Call-ID, CSeq). error_response.h turns it into a response; without an echo the
// message is dropped, there being nothing to answer to.

#include <cstdint>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

namespace softmcu::sip {

enum class SipErrorCode : uint8_t {
  kTooLarge,              // message or header section over SipLimits (513)
  kBodyTooLarge,          // Content-Length over SipLimits::kMaxBodySize (413)
  kTooManyHeaders,        // more than SipLimits::kMaxHeaders (513)
  kLineTooLong,           // a line over SipLimits::kMaxLineLength (513)
  kBadStartLine,          // neither Request-Line nor Status-Line (400)
  kBadVersion,            // SIP-Version other than SIP/2.0 (505)
  kBadStatusCode,         // Status-Code not 3 digits in 100-699: the response is dropped
  kBadUri,                // malformed SIP URI (400)
  kUriTooLong,            // Request-URI over SipLimits::kMaxRequestUriLength (414)
  kUnsupportedUriScheme,  // Request-URI scheme other than sip/sips (416)
  kBadHeader,             // a header value does not match its grammar (400)
  kMissingHeader,         // a mandatory header is absent (400)
  kDuplicateHeader,       // a single-valued header appears twice (400)
  kBadContentLength,      // Content-Length not a number, or contradicting (400)
  kBadCSeq,               // CSeq number or method malformed or out of range (400)
  kCSeqMethodMismatch,    // CSeq method differs from the request method (400)
  kBodyTruncated,         // fewer body bytes than Content-Length (400)
  kTooManyValues,         // more list elements or parameters than SipLimits allow (400)
  kInvalidArgument,       // builder: a caller-supplied value cannot be put on the wire
};

const char* ToString(SipErrorCode code);

// What could be read of a request that failed to parse; raw header values, unfolded.
struct RequestEcho {
  std::string method;
  std::vector<std::string> vias;  // every Via value, in order, one per element
  std::string from;
  std::string to;
  std::string call_id;
  std::string cseq;
};

struct SipError {
  SipErrorCode code = SipErrorCode::kBadHeader;
  std::string message;
  std::string header;                  // canonical header name, empty if not about one header
  std::optional<RequestEcho> request;  // set by SipParser only, see above
};

template <typename T>
using SipResult = tl::expected<T, SipError>;

inline tl::unexpected<SipError> MakeSipError(SipErrorCode code, std::string message,
                                             std::string header = {}) {
  return tl::unexpected<SipError>(SipError{code, std::move(message), std::move(header), std::nullopt});
}

}  // namespace softmcu::sip
