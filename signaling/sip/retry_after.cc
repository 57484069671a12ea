#include "signaling/sip/retry_after.h"

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

constexpr int kMaxCommentDepth = 8;

tl::unexpected<SipError> Bad(std::string message) {
  return MakeSipError(SipErrorCode::kBadHeader, "Retry-After: " + message, "Retry-After");
}

// comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, at text[pos] == '('. Returns
// the index after the closing parenthesis, or npos.
size_t SkipComment(std::string_view text, size_t pos) {
  int depth = 0;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '\\') {
      ++pos;
    } else if (c == '(') {
      if (++depth > kMaxCommentDepth) return std::string_view::npos;
    } else if (c == ')') {
      if (--depth == 0) return pos + 1;
    } else if ((static_cast<uint8_t>(c) < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

}  // namespace

SipResult<RetryAfter> RetryAfter::Parse(std::string_view value) {
  value = TrimLws(value);
  RetryAfter result;
  size_t pos = 0;
  while (pos < value.size() && IsDigit(value[pos])) ++pos;
  auto seconds = ParseDigits(value.substr(0, pos), SipLimits::kMaxDeltaSeconds);
  if (!seconds) return Bad("bad delta-seconds " + Excerpt(value));
  result.seconds = static_cast<uint32_t>(*seconds);
  pos = SkipLws(value, pos);
  if (pos < value.size() && value[pos] == '(') {
    const size_t end = SkipComment(value, pos);
    if (end == std::string_view::npos) return Bad("bad comment");
    result.comment = Unfold(value.substr(pos + 1, end - pos - 2));
    pos = end;
  }
  auto params = GenericParams::Parse(value.substr(pos), ParamSyntax::kHeader);
  if (!params) return Bad(params.error().message);
  if (auto duration = params->Value("duration")) {
    auto parsed = ParseDigits(*duration, SipLimits::kMaxDeltaSeconds);
    if (!parsed) return Bad("bad duration");
    result.duration = static_cast<uint32_t>(*parsed);
  }
  result.params = std::move(*params);
  return result;
}

}  // namespace softmcu::sip
