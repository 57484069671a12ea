#pragma once
// An in-memory LiveControl for the API tests: rooms with participants, a floor queue and
// the few rules the API must map to HTTP (unknown room/participant, the chair cannot be
// granted the floor, a locked room cannot dial), a seating plan, and a preview whose bytes
// name the view. Thread-safe like the real one must be. The browser tests build their
// live room on it (tests/browser/fake_live_room.h).

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "control/live/live_control.h"

namespace softmcu::control::testing {

class FakeLiveControl final : public LiveControl {
 public:
  struct Room {
    RoomLiveState state;
    std::map<ParticipantId, ParticipantInfo> participants;
  };

  void AddRoom(const std::string& number) {
    std::lock_guard<std::mutex> lock(mutex_);
    rooms_[number].state.number = number;
    rooms_[number].state.layout = "1+7";
  }
  ParticipantId AddParticipant(const std::string& room, std::string name, ParticipantRole role) {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo p;
    p.id = next_id_++;
    p.name = std::move(name);
    p.uri = "sip:" + std::to_string(p.id) + "@192.0.2.1";
    p.role = role;
    p.state = ParticipantState::kConnected;
    p.muted = role == ParticipantRole::kBranch;
    rooms_[room].participants[p.id] = p;
    return p.id;
  }
  // Changes one participant in place (state, stats...) as the engine would.
  void Mutate(const std::string& room, ParticipantId id, const std::function<void(ParticipantInfo&)>& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    change(rooms_[room].participants.at(id));
  }
  // The booking's points the last StartMeeting was asked to dial.
  std::vector<int64_t> meeting_points() {
    std::lock_guard<std::mutex> lock(mutex_);
    return meeting_points_;
  }
  std::vector<std::string> calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }
  bool unavailable = false;  // every call answers kUnavailable (engine not answering)

  std::vector<RoomLiveState> ListRooms() override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<RoomLiveState> out;
    for (auto& [number, room] : rooms_) out.push_back(Snapshot(room));
    return out;
  }
  LiveResult<RoomLiveState> GetRoom(std::string_view number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    return Snapshot(*room);
  }
  LiveResult<std::vector<ParticipantInfo>> ListParticipants(std::string_view number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    std::vector<ParticipantInfo> out;
    for (auto& [id, p] : room->participants) out.push_back(p);
    return out;
  }
  LiveResult<ParticipantInfo> GetParticipant(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    return *p;
  }
  LiveResult<ParticipantId> Dial(std::string_view number, const DialTarget& target) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    if (room->state.lock == RoomLock::kLocked) return tl::unexpected(LiveError{LiveErrorCode::kNotAllowed, "room locked"});
    ParticipantInfo p;
    p.id = next_id_++;
    p.uri = target.uri.empty() ? "sip:point" + std::to_string(target.point_id.value_or(0)) + "@192.0.2.9" : target.uri;
    p.name = p.uri;
    p.point_id = target.point_id;
    p.state = ParticipantState::kDialing;
    room->participants[p.id] = p;
    calls_.push_back("dial " + p.uri);
    return p.id;
  }
  LiveResult<std::vector<ParticipantId>> DialMembers(std::string_view number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    calls_.push_back("dial members");
    return std::vector<ParticipantId>{};
  }
  LiveResult<void> Disconnect(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    rooms_[std::string(number)].participants.erase(id);
    calls_.push_back("disconnect " + std::to_string(id));
    return {};
  }
  LiveResult<void> SetMicrophone(std::string_view number, ParticipantId id, Switch on) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    p->muted = on == Switch::kOff;
    calls_.push_back(std::string(on == Switch::kOn ? "unmute " : "mute ") + std::to_string(id));
    return {};
  }
  LiveResult<void> SetVideo(std::string_view number, ParticipantId id, Switch on) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    p->video_stopped = on == Switch::kOff;
    calls_.push_back(std::string(on == Switch::kOn ? "video on " : "video off ") + std::to_string(id));
    return {};
  }
  LiveResult<FloorInfo> GetFloor(std::string_view number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    return room->state.floor;
  }
  LiveResult<void> GrantFloor(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    if (p->role == ParticipantRole::kChair) {
      return tl::unexpected(LiveError{LiveErrorCode::kNotAllowed, "the chair always has the floor"});
    }
    Room& room = rooms_[std::string(number)];
    for (auto holder : room.state.floor.holders) room.participants[holder].floor = ParticipantFloor::kNone;
    room.state.floor.holders = {id};
    std::erase_if(room.state.floor.queue, [&](const FloorRequestInfo& r) { return r.id == id; });
    p->floor = ParticipantFloor::kHolding;
    p->muted = false;
    calls_.push_back("grant " + std::to_string(id));
    return {};
  }
  LiveResult<void> RevokeFloor(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    if (p->floor != ParticipantFloor::kHolding) {
      return tl::unexpected(LiveError{LiveErrorCode::kNotAllowed, "participant does not hold the floor"});
    }
    Room& room = rooms_[std::string(number)];
    std::erase(room.state.floor.holders, id);
    p->floor = ParticipantFloor::kNone;
    p->muted = true;
    calls_.push_back("revoke " + std::to_string(id));
    return {};
  }
  LiveResult<void> RequestFloor(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    rooms_[std::string(number)].state.floor.queue.push_back({id, 1'800'000'000});
    p->floor = ParticipantFloor::kRequesting;
    calls_.push_back("request " + std::to_string(id));
    return {};
  }
  LiveResult<void> CancelFloorRequest(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    std::erase_if(rooms_[std::string(number)].state.floor.queue, [&](const FloorRequestInfo& r) { return r.id == id; });
    p->floor = ParticipantFloor::kNone;
    calls_.push_back("cancel " + std::to_string(id));
    return {};
  }
  LiveResult<void> SetLayout(std::string_view number, const std::string& layout) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    room->state.layout = layout;
    calls_.push_back("layout " + layout);
    return {};
  }
  LiveResult<void> SetTilePositions(std::string_view number, const std::vector<TileAssignment>& tiles) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    for (const auto& t : tiles) {
      if (!room->participants.contains(t.participant)) {
        return tl::unexpected(LiveError{LiveErrorCode::kUnknownParticipant, "no such participant"});
      }
    }
    for (auto& [id, p] : room->participants) p.tile.reset();
    for (const auto& t : tiles) room->participants[t.participant].tile = t.tile;
    calls_.push_back("tiles " + std::to_string(tiles.size()));
    return {};
  }
  LiveResult<void> SetLock(std::string_view number, RoomLock lock_state) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    room->state.lock = lock_state;
    calls_.push_back(lock_state == RoomLock::kLocked ? "lock" : "unlock");
    return {};
  }
  LiveResult<void> SetMode(std::string_view number, SpeakingMode mode) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    room->state.mode = mode;
    calls_.push_back("mode");
    return {};
  }
  LiveResult<void> StartMeeting(std::string_view number, const MeetingRequest& request) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    if (room->state.phase != MeetingPhase::kIdle) {
      return tl::unexpected(LiveError{LiveErrorCode::kNotAllowed, "a meeting is already running"});
    }
    room->state.phase = request.phase;
    room->state.booking_id = request.booking_id;
    meeting_points_ = request.point_ids;
    calls_.push_back(std::string("start ") + ToString(request.phase));
    return {};
  }
  LiveResult<void> EndMeeting(std::string_view number) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    room->state.phase = MeetingPhase::kIdle;
    calls_.push_back("end");
    return {};
  }
  LiveResult<void> StartLoopbackTest(std::string_view number, ParticipantId id) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ParticipantInfo* p;
    if (auto e = FindParticipant(number, id, &p)) return tl::unexpected(*e);
    p->state = ParticipantState::kTesting;
    calls_.push_back("loopback " + std::to_string(id));
    return {};
  }
  bool previews = true;  // false: PreviewJpeg answers like an engine without previews
  LiveResult<std::string> PreviewJpeg(std::string_view number, std::optional<ParticipantId> receiver) override {
    std::lock_guard<std::mutex> lock(mutex_);
    Room* room;
    if (auto e = Find(number, &room)) return tl::unexpected(*e);
    if (receiver && !room->participants.contains(*receiver)) {
      return tl::unexpected(LiveError{LiveErrorCode::kUnknownParticipant, "no such participant"});
    }
    if (!previews) return LiveControl::PreviewJpeg(number, receiver);
    // Not a picture: JPEG's start and end markers around the view's name.
    return "\xFF\xD8" + room->state.layout + (receiver ? " for " + std::to_string(*receiver) : "") + "\xFF\xD9";
  }

 private:
  std::optional<LiveError> Find(std::string_view number, Room** room) {
    if (unavailable) return LiveError{LiveErrorCode::kUnavailable, "engine not answering"};
    auto it = rooms_.find(std::string(number));
    if (it == rooms_.end()) return LiveError{LiveErrorCode::kUnknownRoom, "no such room"};
    *room = &it->second;
    return std::nullopt;
  }
  std::optional<LiveError> FindParticipant(std::string_view number, ParticipantId id, ParticipantInfo** p) {
    Room* room;
    if (auto e = Find(number, &room)) return e;
    auto it = room->participants.find(id);
    if (it == room->participants.end()) return LiveError{LiveErrorCode::kUnknownParticipant, "no such participant"};
    *p = &it->second;
    return std::nullopt;
  }
  RoomLiveState Snapshot(const Room& room) {
    RoomLiveState s = room.state;
    s.participants = room.participants.size();
    return s;
  }

  std::mutex mutex_;
  std::map<std::string, Room> rooms_;
  std::vector<std::string> calls_;
  std::vector<int64_t> meeting_points_;
  ParticipantId next_id_ = 1;
};

}  // namespace softmcu::control::testing
