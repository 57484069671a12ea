#include "server/engine/live_conversions.h"

#include <cmath>

#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/layout_json.h"

namespace softmcu {

namespace {

control::ParticipantState StateOf(ParticipantState state, RoomPhase phase) {
  switch (state) {
    case ParticipantState::kRinging: return control::ParticipantState::kRinging;
    case ParticipantState::kConnected:
      return phase == RoomPhase::kTestRun ? control::ParticipantState::kTesting : control::ParticipantState::kConnected;
    case ParticipantState::kLost: return control::ParticipantState::kLost;
    case ParticipantState::kDisconnected: return control::ParticipantState::kDisconnected;
  }
  return control::ParticipantState::kFailed;
}

control::ParticipantFloor FloorOf(FloorState state) {
  switch (state) {
    case FloorState::kIdle: return control::ParticipantFloor::kNone;
    case FloorState::kRequesting: return control::ParticipantFloor::kRequesting;
    case FloorState::kHolding: return control::ParticipantFloor::kHolding;
  }
  return control::ParticipantFloor::kNone;
}

}  // namespace

control::MeetingPhase ToLive(RoomPhase phase) {
  switch (phase) {
    case RoomPhase::kTestRun: return control::MeetingPhase::kTest;
    case RoomPhase::kLive: return control::MeetingPhase::kLive;
    default: return control::MeetingPhase::kIdle;
  }
}

control::ParticipantInfo ToLive(const ParticipantSnapshot& p, RoomPhase phase, const TimeBridge& time) {
  control::ParticipantInfo out;
  out.id = p.id;
  out.name = p.info.name;
  out.uri = p.info.uri;
  out.point_id = p.info.point_id;
  out.role = p.info.role;
  out.state = StateOf(p.state, phase);
  out.muted = !p.mic_open;  // the console shows whether the point can be heard
  out.video_stopped = p.video_stopped;
  out.floor = FloorOf(p.floor);
  if (p.tile) out.tile = static_cast<int>(*p.tile);
  out.joined_at = time.ToUnix(p.joined_at);
  const auto& s = p.stats;
  out.stats.rx_bitrate_kbps = std::llround(s.receive_kbps);
  out.stats.tx_bitrate_kbps = std::llround(s.send_kbps);
  out.stats.rx_loss_pct = s.loss_percent;
  out.stats.jitter_ms = s.jitter_ms;
  out.stats.rtt_ms = s.rtt_ms < 0 ? 0 : s.rtt_ms;
  out.stats.policer_drops = s.policer_dropped;
  out.stats.freezes = s.broken_frames;
  out.stats.audio_level_dbov = -static_cast<int>(p.level);
  return out;
}

control::FloorInfo ToLiveFloor(const RoomSnapshot& room, const TimeBridge& time) {
  control::FloorInfo floor;
  floor.holders = room.floor_holders;
  for (const auto& r : room.floor_queue) {
    floor.queue.push_back(control::FloorRequestInfo{.id = r.participant, .requested_at = time.ToUnix(r.requested_at)});
  }
  return floor;
}

Result<Layout> LayoutFromText(const std::string& text) {
  if (auto builtin = BuiltInLayout(text)) return *builtin;
  return ParseLayoutJson(text);
}

}  // namespace softmcu
