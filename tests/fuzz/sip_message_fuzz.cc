// Fuzzes the SIP message layer (signaling/sip/): the input is parsed as a UDP datagram
// and as a framed stream message, and the stream framer runs over it.
//
// Checks: a message that parses serializes to text that parses again with the same start
// line, Vias, From, To, CSeq, Call-ID and body, and serializing that gives the same text;
// every typed parser (URI, name-addr, Via, CSeq, digest...) runs on every header value and
// formats what it accepts into text it accepts again; a failing request's error response,
// when there is one, is a parseable response; the framer never claims more bytes than it
// was given. Seeds: tests/fuzz/corpus/sip_message/.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "signaling/sip/content_type.h"
#include "signaling/sip/cseq.h"
#include "signaling/sip/digest_params.h"
#include "signaling/sip/error_response.h"
#include "signaling/sip/name_addr.h"
#include "signaling/sip/reason_header.h"
#include "signaling/sip/retry_after.h"
#include "signaling/sip/session_expires.h"
#include "signaling/sip/sip_parser.h"
#include "signaling/sip/sip_uri.h"
#include "signaling/sip/stream_framer.h"
#include "signaling/sip/via.h"
#include "signaling/sip/warning.h"

namespace {

using namespace softmcu::sip;

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Whatever a typed parser accepts, its Format() output is accepted again with the same value.
void FuzzValue(std::string_view value) {
  if (auto uri = SipUri::Parse(value)) {
    auto again = SipUri::Parse(uri->Format());
    Check(again.has_value() && *again == *uri);
  }
  if (auto address = NameAddr::Parse(value)) {
    auto again = NameAddr::Parse(address->Format());
    Check(again.has_value());
    Check(again->display_name == address->display_name && again->uri == address->uri &&
          again->params == address->params);
  }
  if (auto vias = Via::ParseList(value)) {
    for (const Via& via : *vias) {
      auto again = Via::Parse(via.Format());
      Check(again.has_value() && *again == via);
    }
  }
  if (auto cseq = CSeq::Parse(value)) {
    auto again = CSeq::Parse(cseq->Format());
    Check(again.has_value() && *again == *cseq);
  }
  if (auto digest = DigestParams::Parse(value)) {
    auto again = DigestParams::Parse(digest->Format(AuthRole::kCredentials));
    Check(again.has_value() && again->realm == digest->realm && again->response == digest->response);
  }
  if (auto type = ContentType::Parse(value)) Check(ContentType::Parse(type->Format()).has_value());
  if (auto se = SessionExpires::Parse(value)) Check(SessionExpires::Parse(se->Format()).has_value());
  if (auto warnings = Warning::ParseList(value)) {
    for (const auto& warning : *warnings) Check(Warning::Parse(warning.Format()).has_value());
  }
  if (auto reasons = ReasonHeader::ParseList(value)) {
    for (const auto& reason : *reasons) Check(ReasonHeader::Parse(reason.Format()).has_value());
  }
  (void)RetryAfter::Parse(value);
  (void)Contacts::Parse({value});
}

void CheckSame(const SipMessage& a, const SipMessage& b) {
  Check(a.IsRequest() == b.IsRequest());
  Check(a.Method() == b.Method() && a.RequestUri() == b.RequestUri());
  Check(a.StatusCode() == b.StatusCode() && a.ReasonPhrase() == b.ReasonPhrase());
  Check(a.Vias() == b.Vias());
  Check(a.From() == b.From() && a.To() == b.To());
  Check(a.Sequence() == b.Sequence() && a.CallId() == b.CallId());
  Check(a.Body() == b.Body());
}

void FuzzMessage(std::string_view wire, Framing framing) {
  auto message = SipParser::Parse(wire, framing);
  if (!message) {
    if (auto response = BuildErrorResponse(message.error(), "fuzz")) {
      auto parsed = SipParser::Parse(*response, Framing::kStream);
      // Echoed headers are validated, so only a response missing one can fail.
      Check(parsed.has_value() || parsed.error().code == SipErrorCode::kMissingHeader);
    }
    return;
  }
  const std::string text = message->Serialize();
  auto again = SipParser::Parse(text, Framing::kStream);
  Check(again.has_value());
  CheckSame(*message, *again);
  Check(again->Serialize() == text);
  for (const auto& header : message->headers()) FuzzValue(message->ValueOf(header));
  if (message->IsRequest()) {
    if (auto response = SipMessage::MakeResponse(*message, 200, "OK", "tag1")) {
      Check(response->Vias() == message->Vias() && response->CallId() == message->CallId());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view wire(reinterpret_cast<const char*>(data), size);
  FuzzMessage(wire, Framing::kDatagram);
  FuzzMessage(wire, Framing::kStream);
  const Frame frame = StreamFramer::Next(wire);
  Check(frame.size <= wire.size());
  if (frame.kind == Frame::Kind::kMessage) FuzzMessage(wire.substr(0, frame.size), Framing::kStream);
  if (size < 2048) FuzzValue(wire);
  return 0;
}
