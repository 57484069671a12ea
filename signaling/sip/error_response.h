#pragma once
// What to answer when a request does not parse, so the transport layer can reply
// statelessly instead of dropping (RFC 3261 §8.2.6.1, §16.3, §21):
//
//   kBadVersion            505 Version Not Supported
//   kBodyTooLarge          413 Request Entity Too Large
//   kUriTooLong            414 Request-URI Too Long
//   kUnsupportedUriScheme  416 Unsupported URI Scheme
//   kTooLarge, kTooManyHeaders, kLineTooLong
//                          513 Message Too Large
//   every other code       400 with a reason naming the header ("Bad CSeq", "Missing Call-ID")
//
// Only errors carrying a RequestEcho (a request whose start line and Via could be read)
// get an answer; responses, unreadable Vias and ACKs (never answered, §17.2.1 and §17.1.1.3)
// are dropped.

#include <optional>
#include <string>
#include <string_view>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

struct ErrorStatus {
  int code = 400;
  std::string reason;
};

// nullopt: drop the message.
std::optional<ErrorStatus> ErrorStatusFor(const SipError& error);

// The wire text of the stateless response (Via, From, To (+ `to_tag` if it has none),
// Call-ID, CSeq, Content-Length: 0), or nullopt to drop.
std::optional<std::string> BuildErrorResponse(const SipError& error, std::string_view to_tag = {});

}  // namespace softmcu::sip
