#include "control/model/room.h"

#include <set>

#include <nlohmann/json.hpp>

#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/model/text_rules.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/layout_json.h"

namespace softmcu::control {
namespace {

ControlError FieldError(std::string code, std::string field) {
  return ControlError{ErrorKind::kValidation, std::move(code), std::move(field), {}};
}

}  // namespace

const char* RoomModeName(SpeakingMode mode) { return ToString(mode); }

std::optional<SpeakingMode> ParseRoomMode(std::string_view text) {
  if (text == "chair-controlled") return SpeakingMode::kChairControlled;
  if (text == "open") return SpeakingMode::kOpen;
  return std::nullopt;
}

bool IsValidRoomNumber(std::string_view number) { return IsDigits(number, 1, kMaxRoomNumberDigits); }

ControlResult<std::pair<std::string, size_t>> NormalizeLayout(const nlohmann::json& value, const std::string& field) {
  if (value.is_string()) {
    auto layout = BuiltInLayout(value.get_ref<const std::string&>());
    if (!layout) return Fail(FieldError("room.layout_invalid", field).With("reason", layout.error().message));
    return std::make_pair(layout->name(), layout->tile_count());
  }
  if (value.is_object()) {
    auto layout = LayoutFromJson(value);
    if (!layout) return Fail(FieldError("room.layout_invalid", field).With("reason", layout.error().message));
    return std::make_pair(LayoutToJson(*layout), layout->tile_count());
  }
  return Fail(FieldError("field.type", field).With("type", "string or object"));
}

nlohmann::json LayoutValue(const std::string& stored) {
  if (!stored.empty() && stored.front() == '{') {
    auto parsed = nlohmann::json::parse(stored, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
  }
  return stored;
}

ControlResult<Room> RoomFromJson(const nlohmann::json& body, std::string_view path_number) {
  JsonReader r(body);
  Room room;
  auto number = r.Text("number", path_number.empty() ? Presence::kRequired : Presence::kOptional, 32);
  if (number && !IsValidRoomNumber(*number)) {
    r.Reject(FieldError("room.number_invalid", "number").With("max", std::to_string(kMaxRoomNumberDigits)));
  } else if (number && !path_number.empty() && *number != path_number) {
    r.Reject(FieldError("room.number_mismatch", "number"));
  }
  room.number = path_number.empty() ? number.value_or("") : std::string(path_number);
  if (auto name = r.Text("name", Presence::kRequired, kMaxNameChars)) room.name = *name;
  if (auto mode = r.Text("mode", Presence::kOptional, 32)) {
    if (auto parsed = ParseRoomMode(*mode)) {
      room.mode = *parsed;
    } else {
      r.Reject(FieldError("room.mode_invalid", "mode"));
    }
  }
  room.chair_point_id = r.Integer("chair_point", Presence::kOptional, 1, INT64_MAX);
  size_t tile_count = 0;
  if (const nlohmann::json* layout = r.Value("layout", Presence::kOptional)) {
    if (auto normalized = NormalizeLayout(*layout, "layout")) {
      room.layout = normalized->first;
      tile_count = normalized->second;
    } else {
      r.Reject(normalized.error());
    }
  } else {
    tile_count = BuiltInLayout(room.layout)->tile_count();
  }
  if (auto pin = r.TextAllowEmpty("pin", Presence::kOptional, 32)) {
    if (pin->empty()) {
      room.pin.reset();
    } else if (!IsDigits(*pin, 4, 12)) {
      r.Reject(FieldError("room.pin_invalid", "pin"));
    } else {
      room.pin = *pin;
    }
  }
  if (auto srtp = r.Bool("srtp_required", Presence::kOptional)) room.srtp_required = *srtp;

  if (const nlohmann::json* members = r.Array("members", Presence::kOptional, kMaxRoomMembers)) {
    std::set<int64_t> points;
    std::set<int> tiles;
    for (size_t i = 0; i < members->size() && r.ok(); ++i) {
      JsonReader m((*members)[i], "members[" + std::to_string(i) + "].");
      RoomMember member;
      member.point_id = m.Integer("point", Presence::kRequired, 1, INT64_MAX).value_or(0);
      if (auto tile = m.Integer("tile", Presence::kOptional, 0, 1000)) {
        if (tile_count > 0 && *tile >= static_cast<int64_t>(tile_count)) {
          m.Reject(FieldError("room.tile_invalid", m.FieldName("tile")).With("max", std::to_string(tile_count - 1)));
        } else if (!tiles.insert(static_cast<int>(*tile)).second) {
          m.Reject(FieldError("room.tile_taken", m.FieldName("tile")).With("tile", std::to_string(*tile)));
        }
        member.tile = static_cast<int>(*tile);
      }
      member.allow_plain_rtp = m.Bool("allow_plain_rtp", Presence::kOptional).value_or(false);
      if (auto done = m.Finish(); !done) {
        r.Reject(done.error());
        break;
      }
      if (!points.insert(member.point_id).second) {
        r.Reject(FieldError("room.member_duplicate", m.FieldName("point")).With("point", std::to_string(member.point_id)));
        break;
      }
      room.members.push_back(member);
    }
  }
  r.Value("pin_set", Presence::kOptional);  // read-only fields a client may echo from a GET
  r.Value("created_at", Presence::kOptional);
  r.Value("updated_at", Presence::kOptional);
  if (auto done = r.Finish(); !done) return Fail(done.error());
  if (room.chair_point_id) {
    bool listed = false;
    for (const auto& m : room.members) listed = listed || m.point_id == *room.chair_point_id;
    if (!listed) room.members.insert(room.members.begin(), RoomMember{*room.chair_point_id, std::nullopt, false});
  }
  return room;
}

nlohmann::json RoomToJson(const Room& room, bool include_pin) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : room.members) {
    nlohmann::json member = {{"point", m.point_id}, {"allow_plain_rtp", m.allow_plain_rtp}};
    member["tile"] = m.tile ? nlohmann::json(*m.tile) : nlohmann::json(nullptr);
    members.push_back(std::move(member));
  }
  nlohmann::json out = {
      {"number", room.number},
      {"name", room.name},
      {"mode", RoomModeName(room.mode)},
      {"chair_point", room.chair_point_id ? nlohmann::json(*room.chair_point_id) : nlohmann::json(nullptr)},
      {"layout", LayoutValue(room.layout)},
      {"srtp_required", room.srtp_required},
      {"pin_set", room.pin.has_value()},
      {"members", members},
      {"created_at", FormatIsoTime(room.created_at)},
      {"updated_at", FormatIsoTime(room.updated_at)},
  };
  if (include_pin) out["pin"] = room.pin ? nlohmann::json(*room.pin) : nlohmann::json(nullptr);
  return out;
}

}  // namespace softmcu::control
