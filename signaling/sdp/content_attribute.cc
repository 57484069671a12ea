#include "signaling/sdp/content_attribute.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {

std::string_view ToString(ContentRole role) {
  switch (role) {
    case ContentRole::kMain:
      return "main";
    case ContentRole::kSlides:
      return "slides";
    case ContentRole::kAlt:
      return "alt";
    case ContentRole::kSl:
      return "sl";
    case ContentRole::kSpeaker:
      return "speaker";
  }
  return "main";
}

Result<ContentAttribute> ContentAttribute::Parse(std::string_view value) {
  ContentAttribute content;
  value = TrimWhitespace(value);
  if (value.empty()) return MakeError(ErrorCode::kInvalidArgument, "a=content is empty");
  size_t count = 0;
  while (!value.empty()) {
    auto [tag, rest] = SplitOnce(value, ',');
    if (value.find(',') == std::string_view::npos) rest = {};
    value = rest;
    tag = TrimWhitespace(tag);
    if (!IsToken(tag)) return MakeError(ErrorCode::kInvalidArgument, "a=content has an invalid tag");
    if (++count > 16) return MakeError(ErrorCode::kOutOfRange, "a=content has more than 16 tags");
    // Tags are ABNF literals: case-insensitive (RFC 5234 §2.3).
    if (EqualsIgnoreCase(tag, "main")) content.main = true;
    if (EqualsIgnoreCase(tag, "slides")) content.slides = true;
    if (EqualsIgnoreCase(tag, "alt")) content.alt = true;
    if (EqualsIgnoreCase(tag, "sl")) content.sl = true;
    if (EqualsIgnoreCase(tag, "speaker")) content.speaker = true;
  }
  return content;
}

bool ContentAttribute::Has(ContentRole role) const {
  switch (role) {
    case ContentRole::kMain:
      return main;
    case ContentRole::kSlides:
      return slides;
    case ContentRole::kAlt:
      return alt;
    case ContentRole::kSl:
      return sl;
    case ContentRole::kSpeaker:
      return speaker;
  }
  return false;
}

}  // namespace softmcu::sdp
