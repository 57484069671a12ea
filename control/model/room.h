#pragma once
// A room: a standing conference number (sip:1000@mcu) with its mode, chair point, member
// points (and their seating-plan tiles), default layout, optional PIN and SRTP policy.
// Validation of a room lives here and only here; whether member points exist is the
// store's check (it needs the database).
//
// JSON form (API and docs/api.md):
//   {"number": "1000", "name": "Phòng họp trực tuyến tỉnh", "mode": "chair-controlled",
//    "chair_point": 1, "layout": "1+7" | {operator layout JSON}, "pin": "4321" | null,
//    "srtp_required": true,
//    "members": [{"point": 1, "tile": 0}, {"point": 2, "allow_plain_rtp": true}]}
// The chair point is always a member (added if the body leaves it out).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/control_error.h"
#include "mixer/floor/floor_types.h"

namespace softmcu::control {

inline constexpr size_t kMaxRoomMembers = 200;  // a province: 1 + 11 + 156 rooms (An Giang)
inline constexpr size_t kMaxRoomNumberDigits = 12;

struct RoomMember {
  int64_t point_id = 0;
  std::optional<int> tile;        // seating-plan tile of the default layout
  bool allow_plain_rtp = false;   // exception to srtp_required for an old terminal
  friend bool operator==(const RoomMember&, const RoomMember&) = default;
};

struct Room {
  std::string number;  // digits only: the SIP user part
  std::string name;
  SpeakingMode mode = SpeakingMode::kChairControlled;
  std::optional<int64_t> chair_point_id;
  std::string layout = "1+7";  // a built-in name, or compact operator layout JSON
  std::optional<std::string> pin;
  bool srtp_required = true;
  std::vector<RoomMember> members;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

const char* RoomModeName(SpeakingMode mode);  // "chair-controlled" | "open"
std::optional<SpeakingMode> ParseRoomMode(std::string_view text);
bool IsValidRoomNumber(std::string_view number);

// Validates an API body. `path_number` is the number from the URL on PUT (the body may
// repeat it, but not contradict it); empty on POST, where "number" is required.
// Errors: room.number_invalid, room.number_mismatch, room.mode_invalid, room.pin_invalid,
// room.layout_invalid (arg "reason"), room.tile_invalid (args "max"), room.tile_taken,
// room.member_duplicate, plus JsonReader's field.*.
ControlResult<Room> RoomFromJson(const nlohmann::json& body, std::string_view path_number);
// `include_pin`: the PIN is shown to those who may edit the room only.
nlohmann::json RoomToJson(const Room& room, bool include_pin);
// The layout value as JSON: a string for a built-in, an object for an operator layout.
nlohmann::json LayoutValue(const std::string& stored);
// Validates a layout value (string name or object) and returns its stored form and the
// number of tiles. Error code room.layout_invalid with arg "reason".
ControlResult<std::pair<std::string, size_t>> NormalizeLayout(const nlohmann::json& value, const std::string& field);

}  // namespace softmcu::control
