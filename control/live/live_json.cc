#include "control/live/live_json.h"

#include "control/model/iso_time.h"
#include "control/model/room.h"

namespace softmcu::control {

nlohmann::json StatsToJson(const ParticipantStats& s) {
  return {{"rx_bitrate_kbps", s.rx_bitrate_kbps}, {"tx_bitrate_kbps", s.tx_bitrate_kbps},
          {"rx_loss_pct", s.rx_loss_pct},         {"tx_loss_pct", s.tx_loss_pct},
          {"jitter_ms", s.jitter_ms},             {"rtt_ms", s.rtt_ms},
          {"policer_drops", s.policer_drops},     {"freezes", s.freezes},
          {"audio_level_dbov", s.audio_level_dbov}};
}

nlohmann::json ParticipantToJson(const ParticipantInfo& p) {
  return {
      {"id", p.id},
      {"name", p.name},
      {"uri", p.uri},
      {"point", p.point_id ? nlohmann::json(*p.point_id) : nlohmann::json(nullptr)},
      {"role", ToString(p.role)},
      {"state", ToString(p.state)},
      {"muted", p.muted},
      {"video_stopped", p.video_stopped},
      {"floor", p.floor == ParticipantFloor::kHolding},
      {"floor_state", ToString(p.floor)},
      {"tile", p.tile ? nlohmann::json(*p.tile) : nlohmann::json(nullptr)},
      {"joined_at", p.joined_at != 0 ? nlohmann::json(FormatIsoTime(p.joined_at)) : nlohmann::json(nullptr)},
      {"stats", StatsToJson(p.stats)},
  };
}

nlohmann::json FloorToJson(const FloorInfo& floor) {
  nlohmann::json queue = nlohmann::json::array();
  for (const auto& r : floor.queue) {
    queue.push_back({{"participant", r.id}, {"requested_at", FormatIsoTime(r.requested_at)}});
  }
  return {{"holders", floor.holders}, {"queue", queue}};
}

nlohmann::json RoomLiveStateToJson(const RoomLiveState& room) {
  return {
      {"number", room.number},
      {"phase", ToString(room.phase)},
      {"mode", RoomModeName(room.mode)},
      {"locked", room.lock == RoomLock::kLocked},
      {"layout", LayoutValue(room.layout)},
      {"participants", room.participants},
      {"booking", room.booking_id ? nlohmann::json(*room.booking_id) : nlohmann::json(nullptr)},
      {"meeting", room.meeting_id ? nlohmann::json(*room.meeting_id) : nlohmann::json(nullptr)},
      {"floor", FloorToJson(room.floor)},
  };
}

}  // namespace softmcu::control
