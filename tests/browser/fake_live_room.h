#pragma once
// A live room for the console's browser tests, without the conference engine: the
// in-memory FakeLiveControl (tests/control) for the state and its rules, plus what a
// console needs from a running engine:
//  - events: every change made through LiveControl is published on the EventHub as the
//    engine's adapter would (participant, floor, room), and Tick() publishes audio levels
//    and statistics that move, so meters and charts have something to show;
//  - previews: PreviewJpeg draws the current layout's tiles, each in its participant's
//    colour (the floor holder brighter, the receiver's own tile dark: self-view exclusion),
//    encoded as a real JPEG by libavcodec's MJPEG encoder. The picture depends only on
//    (layout, seating, floor, receiver), so two fetches differ exactly when the view did.
//
// Thread-safe like FakeLiveControl; Tick() may run on a timer thread of the test.

#include <cstdint>
#include <mutex>
#include <string>

#include "control/live/event_hub.h"
#include "tests/control/fake_live_control.h"

namespace softmcu::control::testing {

class FakeLiveRoom final : public LiveControl {
 public:
  // Room "1000" with the chair and three branch points: connected, ringing, lost.
  explicit FakeLiveRoom(EventHub* events);

  FakeLiveControl& inner() { return inner_; }
  ParticipantId chair() const { return chair_; }
  ParticipantId connected_branch() const { return branch_; }
  ParticipantId ringing_branch() const { return ringing_; }
  ParticipantId lost_branch() const { return lost_; }

  // One round of audio levels and statistics (as the engine sends about once a second).
  void Tick();

  std::vector<RoomLiveState> ListRooms() override { return inner_.ListRooms(); }
  LiveResult<RoomLiveState> GetRoom(std::string_view room) override { return inner_.GetRoom(room); }
  LiveResult<std::vector<ParticipantInfo>> ListParticipants(std::string_view room) override {
    return inner_.ListParticipants(room);
  }
  LiveResult<ParticipantInfo> GetParticipant(std::string_view room, ParticipantId id) override {
    return inner_.GetParticipant(room, id);
  }
  LiveResult<ParticipantId> Dial(std::string_view room, const DialTarget& target) override;
  LiveResult<std::vector<ParticipantId>> DialMembers(std::string_view room) override { return inner_.DialMembers(room); }
  LiveResult<void> Disconnect(std::string_view room, ParticipantId id) override;
  LiveResult<void> SetMicrophone(std::string_view room, ParticipantId id, Switch on) override {
    return Changed(room, id, inner_.SetMicrophone(room, id, on));
  }
  LiveResult<void> SetVideo(std::string_view room, ParticipantId id, Switch on) override {
    return Changed(room, id, inner_.SetVideo(room, id, on));
  }
  LiveResult<FloorInfo> GetFloor(std::string_view room) override { return inner_.GetFloor(room); }
  LiveResult<void> GrantFloor(std::string_view room, ParticipantId id) override;
  LiveResult<void> RevokeFloor(std::string_view room, ParticipantId id) override { return FloorChanged(room, id, inner_.RevokeFloor(room, id)); }
  LiveResult<void> RequestFloor(std::string_view room, ParticipantId id) override { return FloorChanged(room, id, inner_.RequestFloor(room, id)); }
  LiveResult<void> CancelFloorRequest(std::string_view room, ParticipantId id) override {
    return FloorChanged(room, id, inner_.CancelFloorRequest(room, id));
  }
  LiveResult<void> SetLayout(std::string_view room, const std::string& layout) override {
    return RoomChanged(room, inner_.SetLayout(room, layout));
  }
  LiveResult<void> SetTilePositions(std::string_view room, const std::vector<TileAssignment>& tiles) override;
  LiveResult<void> SetLock(std::string_view room, RoomLock lock) override { return RoomChanged(room, inner_.SetLock(room, lock)); }
  LiveResult<void> SetMode(std::string_view room, SpeakingMode mode) override { return RoomChanged(room, inner_.SetMode(room, mode)); }
  LiveResult<void> StartMeeting(std::string_view room, const MeetingRequest& request) override {
    return RoomChanged(room, inner_.StartMeeting(room, request));
  }
  LiveResult<void> EndMeeting(std::string_view room) override { return RoomChanged(room, inner_.EndMeeting(room)); }
  LiveResult<void> StartLoopbackTest(std::string_view room, ParticipantId id) override {
    return Changed(room, id, inner_.StartLoopbackTest(room, id));
  }
  LiveResult<std::string> PreviewJpeg(std::string_view room, std::optional<ParticipantId> receiver) override;

 private:
  // Publish what a successful call changed, pass the result on.
  LiveResult<void> Changed(std::string_view room, ParticipantId id, LiveResult<void> result);
  LiveResult<void> FloorChanged(std::string_view room, ParticipantId id, LiveResult<void> result);
  LiveResult<void> RoomChanged(std::string_view room, LiveResult<void> result);
  void PublishParticipant(std::string_view room, ParticipantId id);
  void PublishAllParticipants(std::string_view room);

  FakeLiveControl inner_;
  EventHub* const events_;
  ParticipantId chair_ = 0, branch_ = 0, ringing_ = 0, lost_ = 0;
  std::mutex tick_mutex_;
  uint64_t ticks_ = 0;  // guarded by tick_mutex_
};

// A width × height JPEG of flat rectangles (libavcodec MJPEG, 4:2:0).
struct Rect {
  int x = 0, y = 0, w = 0, h = 0;
  uint8_t y_value = 16, u_value = 128, v_value = 128;
};
std::string EncodeJpeg(int width, int height, const std::vector<Rect>& rects);

}  // namespace softmcu::control::testing
