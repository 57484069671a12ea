#pragma once
// control::LiveControl over the conference engine: the operator API's live endpoints as
// room operations (ConferenceManager::Run on the room's thread) and call control
// (CallController: dial, disconnect). Meetings (test run, live, end) also open and close
// logbook meetings (MeetingBook) and are announced on the event stream.
//
// Threading: every method may be called from any HTTP worker at once; each waits for the
// room's thread or the signalling loop with a bounded timeout (kUnavailable after it).
// Ownership: borrows everything; it owns no state but what the engine reports.

#include "conference/call/call_controller.h"
#include "conference/manager/conference_manager.h"
#include "control/live/event_hub.h"
#include "control/live/live_control.h"
#include "control/store/room_store.h"
#include "server/engine/live_conversions.h"
#include "server/engine/meeting_book.h"
#include "server/engine/store_directory.h"

namespace softmcu {

class LiveEngine final : public control::LiveControl {
 public:
  LiveEngine(ConferenceManager* manager, CallController* calls, control::RoomStore* rooms, MeetingBook* meetings,
             control::EventHub* hub, const Clock* engine_clock, const Clock* unix_clock);

  std::vector<control::RoomLiveState> ListRooms() override;
  control::LiveResult<control::RoomLiveState> GetRoom(std::string_view room) override;
  control::LiveResult<std::vector<control::ParticipantInfo>> ListParticipants(std::string_view room) override;
  control::LiveResult<control::ParticipantInfo> GetParticipant(std::string_view room, ParticipantId id) override;
  control::LiveResult<ParticipantId> Dial(std::string_view room, const control::DialTarget& target) override;
  control::LiveResult<std::vector<ParticipantId>> DialMembers(std::string_view room) override;
  control::LiveResult<void> Disconnect(std::string_view room, ParticipantId id) override;
  control::LiveResult<void> SetMicrophone(std::string_view room, ParticipantId id, control::Switch on) override;
  control::LiveResult<void> SetVideo(std::string_view room, ParticipantId id, control::Switch on) override;
  control::LiveResult<control::FloorInfo> GetFloor(std::string_view room) override;
  control::LiveResult<void> GrantFloor(std::string_view room, ParticipantId id) override;
  control::LiveResult<void> RevokeFloor(std::string_view room, ParticipantId id) override;
  control::LiveResult<void> RequestFloor(std::string_view room, ParticipantId id) override;
  control::LiveResult<void> CancelFloorRequest(std::string_view room, ParticipantId id) override;
  control::LiveResult<void> SetLayout(std::string_view room, const std::string& layout) override;
  control::LiveResult<void> SetTilePositions(std::string_view room,
                                             const std::vector<control::TileAssignment>& tiles) override;
  control::LiveResult<void> SetLock(std::string_view room, control::RoomLock lock) override;
  control::LiveResult<void> SetMode(std::string_view room, SpeakingMode mode) override;
  control::LiveResult<void> StartMeeting(std::string_view room, const control::MeetingRequest& request) override;
  control::LiveResult<void> EndMeeting(std::string_view room) override;
  control::LiveResult<void> StartLoopbackTest(std::string_view room, ParticipantId id) override;
  control::LiveResult<std::string> PreviewJpeg(std::string_view room, std::optional<ParticipantId> receiver) override;

 private:
  // Runs `fn` on an open room (opened from the store on demand), mapping engine errors.
  control::LiveResult<void> OnRoom(std::string_view room, std::function<Result<void>(Room&)> fn);
  control::LiveResult<RoomSnapshot> Snapshot(std::string_view room);
  control::LiveResult<void> Known(std::string_view room);
  TimeBridge Now() const;
  control::RoomLiveState StateOf(const control::Room& stored, const std::optional<RoomSnapshot>& snapshot) const;

  ConferenceManager* const manager_;
  CallController* const calls_;
  control::RoomStore* const rooms_;
  MeetingBook* const meetings_;
  control::EventHub* const hub_;
  const Clock* const engine_clock_;
  const Clock* const unix_clock_;
};

// Engine error → API error (the API maps these to 404/409/422/503).
control::LiveError ToLiveError(const Error& error, bool participant = true);

}  // namespace softmcu
