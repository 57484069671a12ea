#include "signaling/sip/error_response.h"

#include "signaling/sip/name_addr.h"

namespace softmcu::sip {
namespace {

std::string Named(std::string_view prefix, const SipError& error, std::string_view fallback) {
  return std::string(prefix) + (error.header.empty() ? std::string(fallback) : error.header);
}

}  // namespace

std::optional<ErrorStatus> ErrorStatusFor(const SipError& error) {
  if (!error.request || error.request->method == "ACK") return std::nullopt;
  switch (error.code) {
    case SipErrorCode::kBadVersion:
      return ErrorStatus{505, "Version Not Supported"};
    case SipErrorCode::kBodyTooLarge:
      return ErrorStatus{413, "Request Entity Too Large"};
    case SipErrorCode::kUriTooLong:
      return ErrorStatus{414, "Request-URI Too Long"};
    case SipErrorCode::kUnsupportedUriScheme:
      return ErrorStatus{416, "Unsupported URI Scheme"};
    case SipErrorCode::kTooLarge:
    case SipErrorCode::kTooManyHeaders:
    case SipErrorCode::kLineTooLong:
      return ErrorStatus{513, "Message Too Large"};
    case SipErrorCode::kBadStartLine:
      return ErrorStatus{400, "Bad Request-Line"};
    case SipErrorCode::kBadUri:
      return ErrorStatus{400, "Bad Request-URI"};
    case SipErrorCode::kMissingHeader:
      return ErrorStatus{400, Named("Missing ", error, "Header")};
    case SipErrorCode::kDuplicateHeader:
      return ErrorStatus{400, Named("Duplicate ", error, "Header")};
    case SipErrorCode::kBadContentLength:
      return ErrorStatus{400, "Bad Content-Length"};
    case SipErrorCode::kBodyTruncated:
      return ErrorStatus{400, "Body Shorter Than Content-Length"};
    case SipErrorCode::kBadCSeq:
      return ErrorStatus{400, "Bad CSeq"};
    case SipErrorCode::kCSeqMethodMismatch:
      return ErrorStatus{400, "CSeq Method Mismatch"};
    case SipErrorCode::kBadHeader:
    case SipErrorCode::kTooManyValues:
    case SipErrorCode::kBadStatusCode:
    case SipErrorCode::kInvalidArgument:
      return ErrorStatus{400, Named("Bad ", error, "Header")};
  }
  return ErrorStatus{400, "Bad Request"};
}

std::optional<std::string> BuildErrorResponse(const SipError& error, std::string_view to_tag) {
  auto status = ErrorStatusFor(error);
  if (!status) return std::nullopt;
  const RequestEcho& echo = *error.request;
  std::string out = "SIP/2.0 " + std::to_string(status->code) + " " + status->reason + "\r\n";
  for (const auto& via : echo.vias) out += "Via: " + via + "\r\n";
  if (!echo.from.empty()) out += "From: " + echo.from + "\r\n";
  if (!echo.to.empty()) {
    out += "To: " + echo.to;
    auto to = NameAddr::Parse(echo.to);
    if (!to_tag.empty() && to && !to->Tag()) out += ";tag=" + std::string(to_tag);
    out += "\r\n";
  }
  if (!echo.call_id.empty()) out += "Call-ID: " + echo.call_id + "\r\n";
  if (!echo.cseq.empty()) out += "CSeq: " + echo.cseq + "\r\n";
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

}  // namespace softmcu::sip
