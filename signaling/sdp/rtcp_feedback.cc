#include "signaling/sdp/rtcp_feedback.h"

#include "signaling/sdp/rtpmap.h"
#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

Result<RtcpFeedback> RtcpFeedback::Parse(std::string_view value) {
  auto fields = SplitFields(value, 3);
  if (fields.size() < 2) return MakeError(ErrorCode::kInvalidArgument, "a=rtcp-fb needs '<pt> <type>'");
  RtcpFeedback fb;
  if (fields[0] != "*") {
    auto pt = ParsePayloadType(fields[0]);
    if (!pt) return MakeError(ErrorCode::kInvalidArgument, "a=rtcp-fb payload type is not 0-127 or '*'");
    fb.payload_type = *pt;
  }
  if (!IsToken(fields[1])) return MakeError(ErrorCode::kInvalidArgument, "a=rtcp-fb type is invalid");
  fb.type = std::string(fields[1]);
  if (fields.size() == 3) fb.parameter = std::string(fields[2]);
  return fb;
}

RtcpFeedback RtcpFeedback::Make(std::optional<uint8_t> payload_type, RtcpFeedbackType type) {
  RtcpFeedback fb{.payload_type = payload_type};
  switch (type) {
    case RtcpFeedbackType::kNack:
      fb.type = "nack";
      break;
    case RtcpFeedbackType::kNackPli:
      fb.type = "nack";
      fb.parameter = "pli";
      break;
    case RtcpFeedbackType::kCcmFir:
      fb.type = "ccm";
      fb.parameter = "fir";
      break;
    case RtcpFeedbackType::kCcmTmmbr:
      fb.type = "ccm";
      fb.parameter = "tmmbr";
      break;
    case RtcpFeedbackType::kGoogRemb:
      fb.type = "goog-remb";
      break;
    case RtcpFeedbackType::kTransportCc:
      fb.type = "transport-cc";
      break;
    case RtcpFeedbackType::kOther:
      break;
  }
  return fb;
}

std::string RtcpFeedback::Format() const {
  std::string out = payload_type ? std::to_string(*payload_type) : std::string("*");
  out += " " + type;
  if (!parameter.empty()) out += " " + parameter;
  return out;
}

RtcpFeedbackType RtcpFeedback::Kind() const {
  if (EqualsIgnoreCase(type, "nack")) {
    if (parameter.empty()) return RtcpFeedbackType::kNack;
    if (EqualsIgnoreCase(parameter, "pli")) return RtcpFeedbackType::kNackPli;
    return RtcpFeedbackType::kOther;  // nack sli, nack rpsi, nack app ...
  }
  if (EqualsIgnoreCase(type, "ccm")) {
    // "ccm tmmbr smaxpr=120" carries a parameter after tmmbr (RFC 5104 §7.1).
    auto first = SplitFields(parameter, 2);
    if (!first.empty() && EqualsIgnoreCase(first[0], "fir")) return RtcpFeedbackType::kCcmFir;
    if (!first.empty() && EqualsIgnoreCase(first[0], "tmmbr")) return RtcpFeedbackType::kCcmTmmbr;
    return RtcpFeedbackType::kOther;
  }
  if (EqualsIgnoreCase(type, "goog-remb")) return RtcpFeedbackType::kGoogRemb;
  if (EqualsIgnoreCase(type, "transport-cc")) return RtcpFeedbackType::kTransportCc;
  return RtcpFeedbackType::kOther;
}

void RtcpFeedbackSet::Add(RtcpFeedbackType type) {
  switch (type) {
    case RtcpFeedbackType::kNack:
      nack = true;
      break;
    case RtcpFeedbackType::kNackPli:
      pli = true;
      break;
    case RtcpFeedbackType::kCcmFir:
      fir = true;
      break;
    case RtcpFeedbackType::kCcmTmmbr:
      tmmbr = true;
      break;
    case RtcpFeedbackType::kGoogRemb:
      remb = true;
      break;
    case RtcpFeedbackType::kTransportCc:
      transport_cc = true;
      break;
    case RtcpFeedbackType::kOther:
      break;
  }
}

bool RtcpFeedbackSet::Has(RtcpFeedbackType type) const {
  switch (type) {
    case RtcpFeedbackType::kNack:
      return nack;
    case RtcpFeedbackType::kNackPli:
      return pli;
    case RtcpFeedbackType::kCcmFir:
      return fir;
    case RtcpFeedbackType::kCcmTmmbr:
      return tmmbr;
    case RtcpFeedbackType::kGoogRemb:
      return remb;
    case RtcpFeedbackType::kTransportCc:
      return transport_cc;
    case RtcpFeedbackType::kOther:
      return false;
  }
  return false;
}

}  // namespace softmcu::sdp
