#pragma once
// JSON forms of the live state, shared by the API responses and the event stream, so a
// participant looks the same in GET /participants and in a "participant" event.
// Shapes are documented in docs/api.md ("Live control", "Events").

#include <nlohmann/json.hpp>

#include "control/live/live_control.h"

namespace softmcu::control {

nlohmann::json StatsToJson(const ParticipantStats& stats);
// {"id","name","uri","point","role","state","muted","video_stopped","floor"(bool: holds it),
//  "floor_state","tile","joined_at","stats"}
nlohmann::json ParticipantToJson(const ParticipantInfo& participant);
nlohmann::json FloorToJson(const FloorInfo& floor);
nlohmann::json RoomLiveStateToJson(const RoomLiveState& room);

}  // namespace softmcu::control
