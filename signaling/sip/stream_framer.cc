#include "signaling/sip/stream_framer.h"

#include <optional>
#include <string>

#include "signaling/sip/header_name.h"
#include "signaling/sip/sip_head.h"
#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_parser.h"

namespace softmcu::sip {
namespace {

Frame Error(SipErrorCode code, std::string message) {
  return Frame{Frame::Kind::kError, 0, SipError{code, std::move(message), {}, std::nullopt}};
}

}  // namespace

Frame StreamFramer::Next(std::string_view buffered) {
  size_t crlf = 0;
  while (buffered.substr(crlf, 2) == "\r\n") crlf += 2;
  if (crlf > 0) return Frame{Frame::Kind::kKeepAlive, crlf, {}};
  if (buffered == "\r") return Frame{};

  const SipHead head = ScanHead(buffered);
  if (head.error) return Frame{Frame::Kind::kError, 0, *head.error};
  if (!head.complete) {
    if (buffered.size() > SipLimits::kMaxHeadSize)
      return Error(SipErrorCode::kTooLarge, "header section too large");
    return Frame{};
  }
  std::optional<uint64_t> content_length;
  for (const RawHeader& header : head.headers) {
    if (LookupHeader(header.name) != HeaderId::kContentLength) continue;
    auto value = ParseContentLength(header.value);
    if (!value) return Error(SipErrorCode::kBadContentLength, "Content-Length is not a number");
    if (content_length && *content_length != *value)
      return Error(SipErrorCode::kBadContentLength, "contradicting Content-Length");
    content_length = value;
  }
  if (!content_length) return Error(SipErrorCode::kMissingHeader, "no Content-Length on a stream");
  if (*content_length > SipLimits::kMaxBodySize)
    return Error(SipErrorCode::kBodyTooLarge, "Content-Length too large");
  const size_t total = head.body_offset + static_cast<size_t>(*content_length);
  if (total > SipLimits::kMaxMessageSize) return Error(SipErrorCode::kTooLarge, "message too large");
  if (buffered.size() < total) return Frame{};
  return Frame{Frame::Kind::kMessage, total, {}};
}

}  // namespace softmcu::sip
