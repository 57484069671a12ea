#pragma once
// The conference engine's state in the operator API's vocabulary (control/live): one
// place that maps participant states, floor states, statistics and times, shared by the
// live-control adapter and the event publisher so a participant looks the same in a GET
// and in an event. Pure functions.

#include <cstdint>

#include "conference/room/participant_info.h"
#include "conference/room/room.h"
#include "control/live/live_control.h"
#include "core/clock.h"
#include "mixer/layout/layout.h"

namespace softmcu {

// Converts engine time (the media clock) to Unix seconds, given both clocks' "now".
struct TimeBridge {
  Timestamp engine_now;
  int64_t unix_now = 0;
  int64_t ToUnix(Timestamp t) const { return unix_now - (engine_now - t).us() / 1'000'000; }
};

control::ParticipantInfo ToLive(const ParticipantSnapshot& p, RoomPhase phase, const TimeBridge& time);
control::FloorInfo ToLiveFloor(const RoomSnapshot& room, const TimeBridge& time);
control::MeetingPhase ToLive(RoomPhase phase);
// A built-in layout name, or operator layout JSON (as the API and the room store keep it).
Result<Layout> LayoutFromText(const std::string& text);

}  // namespace softmcu
