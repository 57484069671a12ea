#include "signaling/sip/sip_message_builder.h"

#include "signaling/sip/header_name.h"
#include "signaling/sip/sip_parser.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

tl::unexpected<SipError> Invalid(std::string message) {
  return MakeSipError(SipErrorCode::kInvalidArgument, std::move(message));
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

SipMessageBuilder SipMessageBuilder::Request(std::string_view method, std::string_view request_uri) {
  SipMessageBuilder builder;
  builder.is_request_ = true;
  builder.method_ = std::string(method);
  builder.request_uri_ = std::string(request_uri);
  return builder;
}

SipMessageBuilder SipMessageBuilder::Response(int status_code, std::string_view reason) {
  SipMessageBuilder builder;
  builder.status_code_ = status_code;
  builder.reason_ = std::string(reason);
  return builder;
}

SipMessageBuilder& SipMessageBuilder::AddHeader(std::string_view name, std::string_view value) {
  headers_.emplace_back(name, value);
  return *this;
}

SipMessageBuilder& SipMessageBuilder::SetBody(std::string_view content_type, std::string_view body) {
  if (!content_type.empty()) AddHeader("Content-Type", content_type);
  body_ = std::string(body);
  return *this;
}

SipResult<std::string> SipMessageBuilder::Serialize() const {
  std::string out;
  if (is_request_) {
    if (!IsToken(method_)) return Invalid("method is not a token");
    if (request_uri_.empty() || request_uri_.find_first_of(" \t\r\n") != std::string::npos)
      return Invalid("bad Request-URI");
    out = method_ + " " + request_uri_ + " SIP/2.0\r\n";
  } else {
    if (status_code_ < 100 || status_code_ > 699) return Invalid("status code out of 100-699");
    if (HasLineBreak(reason_)) return Invalid("reason phrase with a line break");
    out = "SIP/2.0 " + std::to_string(status_code_) + " " + reason_ + "\r\n";
  }
  for (const auto& [name, value] : headers_) {
    if (!IsToken(name)) return Invalid("header name is not a token: " + Excerpt(name));
    if (LookupHeader(name) == HeaderId::kContentLength)
      return Invalid("Content-Length is computed, do not add it");
    if (HasLineBreak(value)) return Invalid(name + " value with a line break");
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(body_.size()) + "\r\n\r\n";
  out += body_;
  return out;
}

SipResult<SipMessage> SipMessageBuilder::Build() const {
  auto text = Serialize();
  if (!text) return tl::unexpected(text.error());
  return SipParser::Parse(*text, Framing::kStream);
}

}  // namespace softmcu::sip
