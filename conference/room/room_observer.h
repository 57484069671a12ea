#pragma once
// What a Room tells the outside world. Called on the room's thread; implementations must
// be quick and thread-safe (queue to the event hub, the logbook, the call controller).

#include <span>
#include <string_view>

#include "conference/room/participant_info.h"
#include "mixer/audio/speaker_level.h"
#include "mixer/floor/floor_control.h"

namespace softmcu {

class RoomObserver {
 public:
  // A participant joined or its state, mute, floor or seat changed.
  virtual void OnRoomParticipantUpdated(const ParticipantSnapshot& participant) = 0;
  virtual void OnRoomParticipantRemoved(ParticipantId id, std::string_view reason) = 0;
  virtual void OnRoomFloorEvent(const FloorEvent& event) = 0;
  // The point sent nothing for the media timeout: call control hangs up and redials.
  virtual void OnRoomMediaLost(ParticipantId id) = 0;
  // The room wants the call ended (a wrong PIN typed too often).
  virtual void OnRoomHangupWanted(ParticipantId id, std::string_view reason) = 0;
  // The end of a test run: one report per point (loss, jitter, RTT, bitrate, resolution,
  // frame rate) for the logbook.
  virtual void OnRoomTestReport(const ParticipantSnapshot& participant) = 0;
  // Levels of the points heard or metered, about five times a second, for the console.
  virtual void OnRoomLevels(std::span<const SpeakerLevel> levels) = 0;

 protected:
  ~RoomObserver() = default;
};

}  // namespace softmcu
