#include "conference/room/room_config.h"

#include <algorithm>

#include <fmt/format.h>

namespace softmcu {

Result<void> RoomConfig::Validate() const {
  if (number.empty() || number.size() > 16 || !std::all_of(number.begin(), number.end(), ::isdigit)) {
    return MakeError(ErrorCode::kInvalidArgument, "number: 1–16 digits (it is dialled as sip:NUMBER@mcu)");
  }
  if (max_participants == 0 || max_participants > 1024) {
    return MakeError(ErrorCode::kOutOfRange, "max_participants: 1–1024");
  }
  if (floor == FloorExclusivity::kShared && (max_floor_holders < 1 || max_floor_holders > 16)) {
    return MakeError(ErrorCode::kOutOfRange, "max_floor_holders: 1–16");
  }
  if (open_speakers < 1 || open_speakers > 8) return MakeError(ErrorCode::kOutOfRange, "open_speakers: 1–8");
  if (!pin.empty() && (pin.size() > 12 || !std::all_of(pin.begin(), pin.end(), ::isdigit))) {
    return MakeError(ErrorCode::kInvalidArgument, "pin: up to 12 digits");
  }
  if (frame_rate != 25 && frame_rate != 30) return MakeError(ErrorCode::kOutOfRange, "frame_rate: 25 or 30");
  const bool known_canvas = (canvas_width == 1920 && canvas_height == 1080) ||
                            (canvas_width == 1280 && canvas_height == 720) ||
                            (canvas_width == 640 && canvas_height == 360);
  if (!known_canvas) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("canvas: {}x{} is not one of 1920x1080, 1280x720, 640x360", canvas_width,
                                 canvas_height));
  }
  if (video_bitrate < DataRate::KilobitsPerSec(100) || video_bitrate > DataRate::KilobitsPerSec(8000)) {
    return MakeError(ErrorCode::kOutOfRange, "video_bitrate: 100–8000 kbps");
  }
  if (audio_bitrate < DataRate::KilobitsPerSec(8) || audio_bitrate > DataRate::KilobitsPerSec(128)) {
    return MakeError(ErrorCode::kOutOfRange, "audio_bitrate: 8–128 kbps");
  }
  return {};
}

}  // namespace softmcu
