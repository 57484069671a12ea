#include "server/engine/live_engine.h"

#include <spdlog/spdlog.h>

#include "control/live/live_json.h"
#include "media/video/jpeg_snapshot.h"
#include "server/engine/live_conversions.h"

namespace softmcu {

using control::LiveErrorCode;
using control::LiveResult;

control::LiveError ToLiveError(const Error& error, bool participant) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return {participant ? LiveErrorCode::kUnknownParticipant : LiveErrorCode::kUnknownRoom, error.message};
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kOutOfRange:
      return {LiveErrorCode::kInvalidArgument, error.message};
    case ErrorCode::kFailedPrecondition:
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kAlreadyExists:
      return {LiveErrorCode::kNotAllowed, error.message};
    default:
      return {LiveErrorCode::kUnavailable, error.message};
  }
}

LiveEngine::LiveEngine(ConferenceManager* manager, CallController* calls, control::RoomStore* rooms,
                       MeetingBook* meetings, control::EventHub* hub, const Clock* engine_clock,
                       const Clock* unix_clock)
    : manager_(manager),
      calls_(calls),
      rooms_(rooms),
      meetings_(meetings),
      hub_(hub),
      engine_clock_(engine_clock),
      unix_clock_(unix_clock) {}

TimeBridge LiveEngine::Now() const { return TimeBridge{engine_clock_->Now(), unix_clock_->Now().us() / 1'000'000}; }

LiveResult<void> LiveEngine::Known(std::string_view room) {
  if (auto opened = calls_->EnsureRoomOpen(room); !opened) return tl::unexpected(ToLiveError(opened.error(), false));
  return {};
}

LiveResult<void> LiveEngine::OnRoom(std::string_view room, std::function<Result<void>(Room&)> fn) {
  if (auto known = Known(room); !known) return known;
  auto r = manager_->Run<bool>(room, [&fn](Room& r) -> Result<bool> {
    if (auto done = fn(r); !done) return tl::unexpected(done.error());
    return true;
  });
  if (!r) return tl::unexpected(ToLiveError(r.error()));
  return {};
}

LiveResult<RoomSnapshot> LiveEngine::Snapshot(std::string_view room) {
  if (auto known = Known(room); !known) return tl::unexpected(known.error());
  auto s = manager_->Run<RoomSnapshot>(room, [](Room& r) -> Result<RoomSnapshot> { return r.Snapshot(); });
  if (!s) return tl::unexpected(ToLiveError(s.error(), false));
  return *s;
}

control::RoomLiveState LiveEngine::StateOf(const control::Room& stored, const std::optional<RoomSnapshot>& snapshot) const {
  control::RoomLiveState state;
  state.number = stored.number;
  state.mode = stored.mode;
  state.layout = stored.layout;
  if (auto meeting = meetings_->Current(stored.number)) {
    state.phase = meeting->kind == control::MeetingKind::kTest ? control::MeetingPhase::kTest : control::MeetingPhase::kLive;
    state.meeting_id = meeting->id;
    state.booking_id = meeting->booking_id;
  }
  if (snapshot) {
    state.mode = snapshot->config.mode;
    state.layout = snapshot->layout;
    state.lock = snapshot->locked ? control::RoomLock::kLocked : control::RoomLock::kUnlocked;
    state.participants = snapshot->participants.size();
    state.floor = ToLiveFloor(*snapshot, Now());
  }
  return state;
}

std::vector<control::RoomLiveState> LiveEngine::ListRooms() {
  std::vector<control::RoomLiveState> out;
  auto rooms = rooms_->List();
  if (!rooms) return out;
  for (const auto& room : *rooms) {
    std::optional<RoomSnapshot> snapshot;
    if (manager_->IsOpen(room.number)) {
      auto s = manager_->Run<RoomSnapshot>(room.number, [](Room& r) -> Result<RoomSnapshot> { return r.Snapshot(); });
      if (s) snapshot = std::move(*s);
    }
    out.push_back(StateOf(room, snapshot));
  }
  return out;
}

LiveResult<control::RoomLiveState> LiveEngine::GetRoom(std::string_view room) {
  auto stored = rooms_->Get(room);
  if (!stored) return tl::unexpected(control::LiveError{LiveErrorCode::kUnknownRoom, "no room " + std::string(room)});
  auto snapshot = Snapshot(room);
  if (!snapshot) return tl::unexpected(snapshot.error());
  return StateOf(*stored, *snapshot);
}

LiveResult<std::vector<control::ParticipantInfo>> LiveEngine::ListParticipants(std::string_view room) {
  auto snapshot = Snapshot(room);
  if (!snapshot) return tl::unexpected(snapshot.error());
  std::vector<control::ParticipantInfo> out;
  const TimeBridge time = Now();
  for (const auto& p : snapshot->participants) out.push_back(ToLive(p, snapshot->phase, time));
  return out;
}

LiveResult<control::ParticipantInfo> LiveEngine::GetParticipant(std::string_view room, ParticipantId id) {
  auto snapshot = Snapshot(room);
  if (!snapshot) return tl::unexpected(snapshot.error());
  for (const auto& p : snapshot->participants) {
    if (p.id == id) return ToLive(p, snapshot->phase, Now());
  }
  return tl::unexpected(control::LiveError{LiveErrorCode::kUnknownParticipant,
                                           fmt::format("no participant {} in room {}", id, room)});
}

LiveResult<ParticipantId> LiveEngine::Dial(std::string_view room, const control::DialTarget& target) {
  auto id = calls_->Dial(room, DialRequest{.point_id = target.point_id, .uri = target.uri});
  if (!id) return tl::unexpected(ToLiveError(id.error(), false));
  return *id;
}

LiveResult<std::vector<ParticipantId>> LiveEngine::DialMembers(std::string_view room) {
  auto ids = calls_->DialMembers(room);
  if (!ids) return tl::unexpected(ToLiveError(ids.error(), false));
  return *ids;
}

LiveResult<void> LiveEngine::Disconnect(std::string_view room, ParticipantId id) {
  if (auto known = Known(room); !known) return known;
  if (auto r = calls_->Disconnect(room, id); !r) return tl::unexpected(ToLiveError(r.error()));
  return {};
}

LiveResult<void> LiveEngine::SetMicrophone(std::string_view room, ParticipantId id, control::Switch on) {
  return OnRoom(room, [id, on](Room& r) { return r.SetMuted(id, on == control::Switch::kOff); });
}

LiveResult<void> LiveEngine::SetVideo(std::string_view room, ParticipantId id, control::Switch on) {
  return OnRoom(room, [id, on](Room& r) { return r.SetVideoStopped(id, on == control::Switch::kOff); });
}

LiveResult<control::FloorInfo> LiveEngine::GetFloor(std::string_view room) {
  auto snapshot = Snapshot(room);
  if (!snapshot) return tl::unexpected(snapshot.error());
  return ToLiveFloor(*snapshot, Now());
}

LiveResult<void> LiveEngine::GrantFloor(std::string_view room, ParticipantId id) {
  return OnRoom(room, [id](Room& r) { return r.GrantFloor(id, FloorActor::kOperator); });
}

LiveResult<void> LiveEngine::RevokeFloor(std::string_view room, ParticipantId id) {
  return OnRoom(room, [id](Room& r) { return r.RevokeFloor(id, FloorActor::kOperator); });
}

LiveResult<void> LiveEngine::RequestFloor(std::string_view room, ParticipantId id) {
  return OnRoom(room, [id](Room& r) { return r.RequestFloor(id, FloorActor::kOperator); });
}

LiveResult<void> LiveEngine::CancelFloorRequest(std::string_view room, ParticipantId id) {
  return OnRoom(room, [id](Room& r) { return r.CancelFloor(id, FloorActor::kOperator); });
}

LiveResult<void> LiveEngine::SetLayout(std::string_view room, const std::string& layout) {
  auto parsed = LayoutFromText(layout);
  if (!parsed) return tl::unexpected(control::LiveError{LiveErrorCode::kInvalidArgument, parsed.error().message});
  return OnRoom(room, [l = std::move(*parsed)](Room& r) mutable { return r.SetLayout(l); });
}

LiveResult<void> LiveEngine::SetTilePositions(std::string_view room, const std::vector<control::TileAssignment>& tiles) {
  return OnRoom(room, [&tiles](Room& r) -> Result<void> {
    for (const auto& t : tiles) {
      if (!r.Participant(t.participant)) {
        return MakeError(ErrorCode::kNotFound, fmt::format("no participant {}", t.participant));
      }
      if (t.tile < 0 || static_cast<size_t>(t.tile) >= 64) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("tile {} is outside the layout", t.tile));
      }
    }
    // The plan replaces the previous one: everyone not named loses their seat.
    for (const auto& p : r.Snapshot().participants) {
      if (p.seat) (void)r.SetSeat(p.id, std::nullopt);
    }
    for (const auto& t : tiles) {
      if (auto s = r.SetSeat(t.participant, static_cast<size_t>(t.tile)); !s) return s;
    }
    return {};
  });
}

LiveResult<void> LiveEngine::SetLock(std::string_view room, control::RoomLock lock) {
  return OnRoom(room, [lock](Room& r) -> Result<void> {
    r.SetLocked(lock == control::RoomLock::kLocked);
    return {};
  });
}

LiveResult<void> LiveEngine::SetMode(std::string_view room, SpeakingMode mode) {
  return OnRoom(room, [mode](Room& r) { return r.SetMode(mode); });
}

LiveResult<void> LiveEngine::StartMeeting(std::string_view room, const control::MeetingRequest& request) {
  if (auto known = Known(room); !known) return known;
  const bool test = request.phase == control::MeetingPhase::kTest;
  if (auto set = OnRoom(room, [test](Room& r) { return r.SetPhase(test ? RoomPhase::kTestRun : RoomPhase::kLive); });
      !set) {
    return set;
  }
  auto meeting = meetings_->Start(room, test ? control::MeetingKind::kTest : control::MeetingKind::kLive,
                                  request.booking_id, request.title);
  if (!meeting) return tl::unexpected(ToLiveError(meeting.error(), false));
  hub_->PublishJson("meeting", std::string(room),
                    nlohmann::json{{"phase", test ? "test" : "live"},
                                   {"meeting", *meeting},
                                   {"booking", request.booking_id ? nlohmann::json(*request.booking_id) : nlohmann::json()}});
  if (auto dialled = calls_->DialMembers(room, /*keep_trying=*/false, request.point_ids); !dialled) {
    spdlog::warn("room {}: meeting {} started, but dialling its points failed: {}", room, *meeting,
                 dialled.error().message);
  }
  return {};
}

LiveResult<void> LiveEngine::EndMeeting(std::string_view room) {
  if (auto known = Known(room); !known) return known;
  (void)calls_->DisconnectAll(room);
  meetings_->End(room);
  hub_->PublishJson("meeting", std::string(room), nlohmann::json{{"phase", "idle"}});
  // The room closes; the next call or meeting opens it afresh (idle, not ended).
  (void)manager_->CloseRoom(room);
  return {};
}

LiveResult<void> LiveEngine::StartLoopbackTest(std::string_view room, ParticipantId id) {
  // The engine's test run is per room: every point sees and hears itself. Testing one
  // point means putting the room in its test run (not during a live meeting).
  if (auto meeting = meetings_->Current(room); meeting && meeting->kind == control::MeetingKind::kLive &&
                                               !meeting->unscheduled) {
    return tl::unexpected(control::LiveError{LiveErrorCode::kNotAllowed,
                                             "the room is in a live meeting; end it before a loopback test"});
  }
  return OnRoom(room, [id](Room& r) -> Result<void> {
    if (!r.Participant(id)) return MakeError(ErrorCode::kNotFound, fmt::format("no participant {}", id));
    return r.SetPhase(RoomPhase::kTestRun);
  });
}

LiveResult<std::string> LiveEngine::PreviewJpeg(std::string_view room, std::optional<ParticipantId> receiver) {
  if (auto known = Known(room); !known) return tl::unexpected(known.error());
  // Only a reference to the last canvas crosses threads; the JPEG is encoded here, on the
  // HTTP worker, not on the room's media loop.
  auto canvas = manager_->Run<SharedVideoFrame>(room, [receiver](Room& r) -> Result<SharedVideoFrame> {
    if (receiver) {
      if (!r.Participant(*receiver)) return MakeError(ErrorCode::kNotFound, fmt::format("no participant {}", *receiver));
      return r.LastCanvas(*receiver);
    }
    for (const auto& p : r.Snapshot().participants) {
      if (auto frame = r.LastCanvas(p.id)) return frame;
    }
    return SharedVideoFrame();
  });
  if (!canvas) return tl::unexpected(ToLiveError(canvas.error()));
  if (!*canvas) {
    return tl::unexpected(control::LiveError{LiveErrorCode::kNotAllowed, "no picture has been composed yet"});
  }
  auto jpeg = EncodeJpeg(**canvas);
  if (!jpeg) return tl::unexpected(control::LiveError{LiveErrorCode::kUnavailable, jpeg.error().message});
  return std::move(*jpeg);
}

}  // namespace softmcu
