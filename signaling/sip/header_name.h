#pragma once
// Header names: the ones the MCU interprets get a HeaderId; lookup is case-insensitive
// and maps compact forms (RFC 3261 §7.3.3 and §20, RFC 3515, RFC 3892, RFC 4028,
// RFC 6665, RFC 3841, RFC 8224) to the same id as the long form.

#include <cstdint>
#include <string_view>

namespace softmcu::sip {

enum class HeaderId : uint8_t {
  kOther,  // an extension header: compare names with EqualsIgnoreCase
  kAccept,
  kAcceptContact,  // a
  kAllow,
  kAllowEvents,  // u
  kAuthorization,
  kCallId,   // i
  kContact,  // m
  kContentDisposition,
  kContentEncoding,  // e
  kContentLength,    // l
  kContentType,      // c
  kCSeq,
  kDate,
  kEvent,  // o
  kExpires,
  kFrom,      // f
  kIdentity,  // y
  kMaxForwards,
  kMinExpires,
  kMinSE,
  kProxyAuthenticate,
  kProxyAuthorization,
  kProxyRequire,
  kReason,
  kRecordRoute,
  kReferTo,             // r
  kReferredBy,          // b
  kRejectContact,       // j
  kRequestDisposition,  // d
  kRequire,
  kRetryAfter,
  kRoute,
  kServer,
  kSessionExpires,  // x
  kSubject,         // s
  kSupported,       // k
  kTo,              // t
  kUnsupported,
  kUserAgent,
  kVia,  // v
  kWarning,
  kWwwAuthenticate,
};

// The id of a header name as found on the wire (long or compact form, any case).
HeaderId LookupHeader(std::string_view name);
// The long canonical spelling, e.g. "Call-ID", "CSeq", "WWW-Authenticate"; "" for kOther.
std::string_view CanonicalName(HeaderId id);
// Headers whose grammar is a comma-separated list (RFC 3261 §7.3.1), so that several
// header lines and comma-joined values are equivalent. Not the auth headers: their
// parameters are separated by commas too.
bool IsListHeader(HeaderId id);
// Headers that may appear at most once (RFC 3261 §20 and Table 2/3).
bool IsSingleValued(HeaderId id);

}  // namespace softmcu::sip
