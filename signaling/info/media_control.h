#pragma once
// `application/media_control+xml` INFO bodies (RFC 5168): how SIP video terminals ask an
// encoder for a keyframe. The only primitive defined is picture_fast_update:
//
//   <?xml version="1.0" encoding="utf-8" ?>
//   <media_control>
//     <vc_primitive>
//       <to_encoder>
//         <picture_fast_update/>
//       </to_encoder>
//     </vc_primitive>
//   </media_control>
//
// Optional <stream_id> elements inside vc_primitive (RFC 5168 §5) and an empty
// <general_error> are accepted and ignored. The reader is a small bounded XML walker, not
// a general parser: elements, attributes (skipped), text (skipped), comments, the XML
// declaration; no DTDs, CDATA, or entity definitions. Anything else is malformed.

#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sip {

struct MediaControl {
  bool picture_fast_update = false;

  static constexpr size_t kMaxBodySize = 4096;
  static constexpr size_t kMaxDepth = 8;
  static constexpr size_t kMaxElements = 64;

  // kInvalidArgument with a reason for malformed XML or another root element.
  static Result<MediaControl> Parse(std::string_view body);
  // The body we send to ask a terminal for a keyframe.
  static std::string PictureFastUpdateBody();
};

}  // namespace softmcu::sip
