#pragma once
// One picture as a JPEG, for the console's live preview of each view (about one a second
// per open console): libavcodec's MJPEG encoder on the I420 canvas, optionally halved
// first so a 1280x720 view costs ~2 ms and ~40 KB. Not for the media path.
//
// Threading: stateless; any thread. Each call opens its own encoder (previews are rare).

#include <string>

#include "core/result.h"
#include "media/video/video_frame.h"

namespace softmcu {

struct JpegOptions {
  int quality = 5;        // MJPEG qscale: 2 (best) .. 31 (smallest)
  int max_width = 640;    // larger pictures are scaled down (aspect kept)
};

Result<std::string> EncodeJpeg(const VideoFrame& frame, const JpegOptions& options = {});

}  // namespace softmcu
