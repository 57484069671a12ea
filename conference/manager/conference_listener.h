#pragma once
// Everything the conference engine reports upward (to the event stream, the logbook,
// the audit log and call control), each event with its room number. Called on media
// threads: implementations queue, they do not block.

#include <span>
#include <string_view>

#include "conference/room/participant_info.h"
#include "mixer/audio/speaker_level.h"
#include "mixer/floor/floor_control.h"

namespace softmcu {

class ConferenceListener {
 public:
  virtual void OnParticipantUpdated(std::string_view room, const ParticipantSnapshot& participant) = 0;
  virtual void OnParticipantRemoved(std::string_view room, ParticipantId id, std::string_view reason) = 0;
  virtual void OnFloorEvent(std::string_view room, const FloorEvent& event) = 0;
  virtual void OnLevels(std::string_view room, std::span<const SpeakerLevel> levels) = 0;
  // A point's quality at the end of a test run.
  virtual void OnTestReport(std::string_view room, const ParticipantSnapshot& participant) = 0;
  // A participant's media stopped (call control hangs up and redials).
  virtual void OnMediaLost(std::string_view room, ParticipantId id) = 0;
  // A point ignores RTCP rate requests: ask for `kbps` by re-INVITE (0: the full rate).
  // From a media worker thread.
  virtual void OnBandwidthWanted(std::string_view /*room*/, ParticipantId /*id*/, int64_t /*kbps*/) {}
  // The room wants a participant's call ended (wrong PIN).
  virtual void OnHangupWanted(std::string_view room, ParticipantId id, std::string_view reason) = 0;

 protected:
  ~ConferenceListener() = default;
};

}  // namespace softmcu
