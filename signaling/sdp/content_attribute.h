#pragma once
// a=content (RFC 4796 §5): what a media stream carries,
//
//   a=content:<mediacnt-tag> *("," <mediacnt-tag>)     mediacnt-tag = "slides" / "speaker" /
//                                                                      "sl" / "main" / "alt" / token
//
// Room systems put "main" on the camera video and "slides" on the presentation video
// (BFCP-controlled). Unknown tokens are allowed by the grammar and ignored.

#include <optional>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

enum class ContentRole { kMain, kSlides, kAlt, kSl, kSpeaker };

std::string_view ToString(ContentRole role);

struct ContentAttribute {
  bool main = false;
  bool slides = false;
  bool alt = false;
  bool sl = false;
  bool speaker = false;

  static Result<ContentAttribute> Parse(std::string_view value);
  bool Has(ContentRole role) const;
};

}  // namespace softmcu::sdp
