#pragma once
// How one room runs its meetings: the operator's settings for it, validated once.

#include <cstddef>
#include <optional>
#include <string>

#include "conference/room/dtmf_commands.h"
#include "core/result.h"
#include "core/units.h"
#include "mixer/floor/floor_control.h"
#include "mixer/floor/floor_types.h"

namespace softmcu {

struct RoomConfig {
  std::string number = "1000";  // the SIP user part: sip:1000@mcu
  std::string name = "Phòng họp";
  SpeakingMode mode = SpeakingMode::kChairControlled;
  FloorExclusivity floor = FloorExclusivity::kExclusive;
  size_t max_floor_holders = 4;  // kShared only
  size_t open_speakers = 3;      // open mode: the K loudest are heard
  size_t max_participants = 512;  // a province's every commune fits (An Giang: 168 points)
  // Empty: no PIN. Otherwise a caller not on the room's member list types it, then '#'.
  std::string pin;
  int max_pin_attempts = 3;
  DtmfCommandConfig dtmf;
  // Decode every point's audio for the console's level meters up to this many points;
  // beyond, only what is heard is decoded (each decode is ~30 µs per 20 ms per point).
  size_t meter_all_points_up_to = 64;
  // Video.
  std::string layout = "3x3";
  int canvas_width = 1280;
  int canvas_height = 720;
  int frame_rate = 30;  // 30 or 25
  DataRate video_bitrate = DataRate::KilobitsPerSec(2000);
  DataRate audio_bitrate = DataRate::KilobitsPerSec(32);
  bool self_view_excluded = false;

  // Messages name the field, for the API's JSON errors.
  Result<void> Validate() const;
};

}  // namespace softmcu
