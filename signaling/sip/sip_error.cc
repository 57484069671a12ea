#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

const char* ToString(SipErrorCode code) {
  switch (code) {
    case SipErrorCode::kTooLarge:
      return "message too large";
    case SipErrorCode::kBodyTooLarge:
      return "body too large";
    case SipErrorCode::kTooManyHeaders:
      return "too many headers";
    case SipErrorCode::kLineTooLong:
      return "line too long";
    case SipErrorCode::kBadStartLine:
      return "bad start line";
    case SipErrorCode::kBadVersion:
      return "unsupported SIP version";
    case SipErrorCode::kBadStatusCode:
      return "bad status code";
    case SipErrorCode::kBadUri:
      return "bad URI";
    case SipErrorCode::kUriTooLong:
      return "Request-URI too long";
    case SipErrorCode::kUnsupportedUriScheme:
      return "unsupported URI scheme";
    case SipErrorCode::kBadHeader:
      return "bad header";
    case SipErrorCode::kMissingHeader:
      return "missing header";
    case SipErrorCode::kDuplicateHeader:
      return "duplicate header";
    case SipErrorCode::kBadContentLength:
      return "bad Content-Length";
    case SipErrorCode::kBadCSeq:
      return "bad CSeq";
    case SipErrorCode::kCSeqMethodMismatch:
      return "CSeq method mismatch";
    case SipErrorCode::kBodyTruncated:
      return "body truncated";
    case SipErrorCode::kTooManyValues:
      return "too many values";
    case SipErrorCode::kInvalidArgument:
      return "invalid argument";
  }
  return "unknown SIP error";
}

}  // namespace softmcu::sip
