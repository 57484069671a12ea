#pragma once
// Who a participant is, as the room and the console know it, and the snapshot of its
// live state the API and the event stream publish.

#include <cstdint>
#include <optional>
#include <string>

#include "conference/media/participant_media_stats.h"
#include "conference/room/participant_state.h"
#include "core/units.h"
#include "mixer/floor/floor_control.h"
#include "mixer/floor/floor_types.h"

namespace softmcu {

enum class CallDirection { kDialIn, kDialOut };

struct ParticipantInfo {
  std::string name;  // the site name from the address book, else the caller's display name
  std::string uri;   // the SIP URI we dial or that called
  ParticipantRole role = ParticipantRole::kBranch;
  CallDirection direction = CallDirection::kDialIn;
  std::optional<int64_t> point_id;  // address-book bridge point, if identified
  std::string address;              // the caller's source address (for logs and the console)
  bool pin_required = false;        // a dial-in not on the member list, in a room with a PIN
};

struct ParticipantSnapshot {
  ParticipantId id = 0;
  ParticipantInfo info;
  ParticipantState state = ParticipantState::kRinging;
  bool muted = false;     // the operator closed its microphone
  // Its voice may reach the mix: not muted, and in chair-controlled mode the chair or a
  // floor holder (a branch without the floor is closed by the rules, not by a mute).
  bool mic_open = false;
  bool deaf = false;
  bool video_stopped = false;
  bool hidden = false;
  bool awaiting_pin = false;
  FloorState floor = FloorState::kIdle;
  std::optional<size_t> seat;  // the seating plan's tile
  std::optional<size_t> tile;  // where the main view shows it now
  uint8_t level = 127;         // −dBov of its last 20 ms (127: silent or not measured)
  Timestamp joined_at;
  ParticipantMediaStats stats;
};

}  // namespace softmcu
