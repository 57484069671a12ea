#include "signaling/sip/cseq.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

SipResult<CSeq> CSeq::Parse(std::string_view value) {
  value = TrimLws(value);
  size_t pos = 0;
  while (pos < value.size() && IsDigit(value[pos])) ++pos;
  auto number = ParseDigits(value.substr(0, pos), SipLimits::kMaxCSeq);
  if (!number)
    return MakeSipError(SipErrorCode::kBadCSeq, "CSeq number missing or >= 2^31: " + Excerpt(value), "CSeq");
  const size_t method_begin = SkipLws(value, pos);
  if (method_begin == pos) return MakeSipError(SipErrorCode::kBadCSeq, "no LWS after CSeq number", "CSeq");
  const std::string_view method = value.substr(method_begin);
  if (!IsToken(method))
    return MakeSipError(SipErrorCode::kBadCSeq, "bad CSeq method " + Excerpt(method), "CSeq");
  return CSeq{static_cast<uint32_t>(*number), std::string(method)};
}

}  // namespace softmcu::sip
