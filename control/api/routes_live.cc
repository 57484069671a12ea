// Routes: live control of running rooms and the event stream (docs/api.md "Live control",
// "Events"). Every handler is one LiveControl call; its error maps to 404/409/422/503.
#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/routes.h"
#include "control/live/live_json.h"
#include "control/model/json_reader.h"
#include "control/model/room.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/layout.h"
#include "mixer/layout/layout_json.h"

namespace softmcu::control {
namespace {

ControlResult<LiveControl*> Live(const ApiServices& s) {
  if (s.live == nullptr) return Fail(ErrorKind::kUnavailable, "live.unavailable");
  return s.live;
}

ControlResult<std::string> RoomParam(const ApiCall& call) {
  const std::string& number = call.params.at("number");
  if (!IsValidRoomNumber(number)) return Fail(ErrorKind::kNotFound, "live.unknown_room", "", {{"room", number.substr(0, 32)}});
  return number;
}

template <typename T>
ControlResult<T> Check(LiveResult<T> result, std::string_view room, std::optional<uint32_t> participant = {}) {
  if (!result) return Fail(FromLiveError(result.error(), room, participant));
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*result);
  }
}

// {"participant": id} from the body.
ControlResult<uint32_t> ParticipantFromBody(const ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto id = r.Integer("participant", Presence::kRequired, 0, UINT32_MAX);
  CONTROL_TRY(r.Finish());
  return static_cast<uint32_t>(*id);
}

// A handler that acts on {number}: resolves the engine and the room, sets the audit target.
template <typename Fn>
ApiHandler OnRoom(const ApiServices* s, Fn fn) {
  return [s, fn](ApiCall& call) -> ControlResult<ApiReply> {
    CONTROL_ASSIGN(LiveControl * live, Live(*s));
    CONTROL_ASSIGN(auto room, RoomParam(call));
    call.audit_target = "room " + room;
    return fn(*live, room, call);
  };
}

ControlResult<ApiReply> Dial(LiveControl& live, const std::string& room, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto uri = r.Text("uri", Presence::kOptional, 256);
  auto point = r.Integer("point", Presence::kOptional, 1, INT64_MAX);
  auto all = r.Bool("all_members", Presence::kOptional);
  if (uri && !IsAcceptableSipUri(*uri)) {
    r.Reject(ControlError{ErrorKind::kValidation, "point.sip_uri_invalid", "uri", {{"value", uri->substr(0, 64)}}});
  }
  const int given = (uri ? 1 : 0) + (point ? 1 : 0) + (all.value_or(false) ? 1 : 0);
  if (r.ok() && given != 1) r.Reject(ControlError{ErrorKind::kValidation, "field.required", "uri", {}});
  CONTROL_TRY(r.Finish());
  if (all.value_or(false)) {
    CONTROL_ASSIGN(auto ids, Check(live.DialMembers(room), room));
    call.audit_detail = "all members (" + std::to_string(ids.size()) + ")";
    return ApiReply::Json({{"dialled", ids}}, 202);
  }
  DialTarget target{uri.value_or(""), point};
  call.audit_detail = uri ? *uri : "point " + std::to_string(*point);
  CONTROL_ASSIGN(auto id, Check(live.Dial(room, target), room));
  call.audit_target += " participant " + std::to_string(id);
  return ApiReply::Json({{"id", id}}, 202);
}

ControlResult<ApiReply> UpdateParticipant(LiveControl& live, const std::string& room, ApiCall& call) {
  CONTROL_ASSIGN(uint32_t id, ParticipantParam(call, "id"));
  call.audit_target += " participant " + std::to_string(id);
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto muted = r.Bool("muted", Presence::kOptional);
  auto video_stopped = r.Bool("video_stopped", Presence::kOptional);
  CONTROL_TRY(r.Finish());
  if (!muted && !video_stopped) return Fail(ErrorKind::kValidation, "field.required", "muted");
  if (muted) CONTROL_TRY(Check(live.SetMicrophone(room, id, *muted ? Switch::kOff : Switch::kOn), room, id));
  if (video_stopped) CONTROL_TRY(Check(live.SetVideo(room, id, *video_stopped ? Switch::kOff : Switch::kOn), room, id));
  call.audit_detail = (muted ? (*muted ? "mute " : "unmute ") : std::string()) +
                      (video_stopped ? (*video_stopped ? "stop video" : "start video") : "");
  CONTROL_ASSIGN(auto info, Check(live.GetParticipant(room, id), room, id));
  return ApiReply::Json(ParticipantToJson(info));
}

ControlResult<ApiReply> SetLayout(LiveControl& live, const std::string& room, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  const nlohmann::json* layout = r.Value("layout", Presence::kOptional);
  const nlohmann::json* tiles = r.Array("tiles", Presence::kOptional, kMaxLayoutTiles);
  std::optional<std::string> stored;
  if (layout) {
    auto normalized = NormalizeLayout(*layout, "layout");
    if (normalized) {
      stored = normalized->first;
    } else {
      r.Reject(normalized.error());
    }
  }
  std::vector<TileAssignment> plan;
  if (tiles) {
    for (size_t i = 0; i < tiles->size() && r.ok(); ++i) {
      JsonReader t((*tiles)[i], "tiles[" + std::to_string(i) + "].");
      auto participant = t.Integer("participant", Presence::kRequired, 0, UINT32_MAX);
      auto tile = t.Integer("tile", Presence::kRequired, 0, static_cast<int64_t>(kMaxLayoutTiles) - 1);
      if (auto done = t.Finish(); !done) {
        r.Reject(done.error());
        break;
      }
      plan.push_back({static_cast<uint32_t>(*participant), static_cast<int>(*tile)});
    }
  }
  CONTROL_TRY(r.Finish());
  if (!layout && !tiles) return Fail(ErrorKind::kValidation, "field.required", "layout");
  if (stored) {
    CONTROL_TRY(Check(live.SetLayout(room, *stored), room));
    call.audit_detail = "layout " + (layout->is_string() ? *stored : std::string("custom"));
  }
  if (tiles) {
    CONTROL_TRY(Check(live.SetTilePositions(room, plan), room));
    call.audit_detail += (call.audit_detail.empty() ? "" : ", ") + std::to_string(plan.size()) + " tile positions";
  }
  CONTROL_ASSIGN(auto state, Check(live.GetRoom(room), room));
  return ApiReply::Json(RoomLiveStateToJson(state));
}

ControlResult<ApiReply> StartMeeting(const ApiServices& s, LiveControl& live, const std::string& room, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  MeetingRequest request;
  if (auto phase = r.Text("phase", Presence::kOptional, 8)) {
    if (*phase == "test") {
      request.phase = MeetingPhase::kTest;
    } else if (*phase != "live") {
      r.Reject(ControlError{ErrorKind::kValidation, "field.type", "phase", {{"type", "\"test\" | \"live\""}}});
    }
  }
  request.booking_id = r.Integer("booking", Presence::kOptional, 1, INT64_MAX);
  request.title = r.TextAllowEmpty("title", Presence::kOptional, 200).value_or("");
  CONTROL_TRY(r.Finish());
  if (request.booking_id && s.bookings != nullptr) {
    // The booking's points are called with the room's members, members or not.
    CONTROL_ASSIGN(auto booking, s.bookings->Get(*request.booking_id));
    request.point_ids = booking.point_ids;
  }
  CONTROL_TRY(Check(live.StartMeeting(room, request), room));
  call.audit_detail = ToString(request.phase);
  CONTROL_ASSIGN(auto state, Check(live.GetRoom(room), room));
  return ApiReply::Json(RoomLiveStateToJson(state));
}

// GET .../preview.jpg[?participant=ID]: the JPEG of a view (the room's main view, or what
// that participant receives), for the console's live preview.
ControlResult<ApiReply> Preview(LiveControl& live, const std::string& room, ApiCall& call) {
  std::optional<uint32_t> receiver;
  if (call.HasQuery("participant")) {
    receiver = ParseParticipantId(call.Query("participant"));
    if (!receiver) return Fail(ErrorKind::kMalformed, "request.bad_query", "participant");
  }
  CONTROL_ASSIGN(std::string jpeg, Check(live.PreviewJpeg(room, receiver), room, receiver));
  return ApiReply::Text(std::move(jpeg), "image/jpeg");
}

// The built-in layouts with their geometry (layout_json.h), so the console draws the tile
// picker from the same table the mixer composes with.
ControlResult<ApiReply> BuiltInLayouts(ApiCall&) {
  nlohmann::json out = nlohmann::json::array();
  for (std::string_view name : BuiltInLayoutNames()) {
    if (auto layout = BuiltInLayout(name)) out.push_back(LayoutToJsonValue(*layout));
  }
  return ApiReply::Json(out);
}

}  // namespace

void AddLiveRoutes(Router& router, const ApiServices& services) {
  const ApiServices* s = &services;
  router.Add({"GET", "/api/v1/live/rooms", Permission::kView, "", [s](ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(LiveControl * live, Live(*s));
                nlohmann::json out = nlohmann::json::array();
                for (const auto& room : live->ListRooms()) out.push_back(RoomLiveStateToJson(room));
                return ApiReply::Json(out);
              }});
  router.Add({"GET", "/api/v1/rooms/{number}/live", Permission::kView, "",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto state, Check(live.GetRoom(room), room));
                return ApiReply::Json(RoomLiveStateToJson(state));
              })});
  router.Add({"GET", "/api/v1/rooms/{number}/participants", Permission::kView, "",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto list, Check(live.ListParticipants(room), room));
                nlohmann::json out = nlohmann::json::array();
                for (const auto& p : list) out.push_back(ParticipantToJson(p));
                return ApiReply::Json(out);
              })});
  router.Add({"POST", "/api/v1/rooms/{number}/participants", Permission::kControlLive, "participant.dial",
              OnRoom(s, Dial)});
  router.Add({"GET", "/api/v1/rooms/{number}/participants/{id}", Permission::kView, "",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantParam(c, "id"));
                CONTROL_ASSIGN(auto info, Check(live.GetParticipant(room, id), room, id));
                return ApiReply::Json(ParticipantToJson(info));
              })});
  router.Add({"PATCH", "/api/v1/rooms/{number}/participants/{id}", Permission::kControlLive, "participant.update",
              OnRoom(s, UpdateParticipant)});
  router.Add({"DELETE", "/api/v1/rooms/{number}/participants/{id}", Permission::kControlLive,
              "participant.disconnect",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantParam(c, "id"));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.Disconnect(room, id), room, id));
                return ApiReply::NoContent();
              })});
  router.Add({"POST", "/api/v1/rooms/{number}/participants/{id}/loopback", Permission::kControlLive,
              "participant.loopback_test",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantParam(c, "id"));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.StartLoopbackTest(room, id), room, id));
                return ApiReply::Json({{"participant", id}, {"loopback", true}}, 202);
              })});

  router.Add({"GET", "/api/v1/rooms/{number}/floor", Permission::kView, "",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto floor, Check(live.GetFloor(room), room));
                return ApiReply::Json(FloorToJson(floor));
              })});
  router.Add({"POST", "/api/v1/rooms/{number}/floor", Permission::kControlLive, "floor.grant",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantFromBody(c));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.GrantFloor(room, id), room, id));
                CONTROL_ASSIGN(auto floor, Check(live.GetFloor(room), room));
                return ApiReply::Json(FloorToJson(floor));
              })});
  router.Add({"DELETE", "/api/v1/rooms/{number}/floor/{id}", Permission::kControlLive, "floor.revoke",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantParam(c, "id"));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.RevokeFloor(room, id), room, id));
                CONTROL_ASSIGN(auto floor, Check(live.GetFloor(room), room));
                return ApiReply::Json(FloorToJson(floor));
              })});
  router.Add({"POST", "/api/v1/rooms/{number}/floor/requests", Permission::kControlLive, "floor.request",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantFromBody(c));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.RequestFloor(room, id), room, id));
                CONTROL_ASSIGN(auto floor, Check(live.GetFloor(room), room));
                return ApiReply::Json(FloorToJson(floor));
              })});
  router.Add({"DELETE", "/api/v1/rooms/{number}/floor/requests/{id}", Permission::kControlLive,
              "floor.cancel_request",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(uint32_t id, ParticipantParam(c, "id"));
                c.audit_target += " participant " + std::to_string(id);
                CONTROL_TRY(Check(live.CancelFloorRequest(room, id), room, id));
                CONTROL_ASSIGN(auto floor, Check(live.GetFloor(room), room));
                return ApiReply::Json(FloorToJson(floor));
              })});

  router.Add({"PUT", "/api/v1/rooms/{number}/layout", Permission::kControlLive, "room.layout", OnRoom(s, SetLayout)});
  router.Add({"GET", "/api/v1/rooms/{number}/preview.jpg", Permission::kView, "", OnRoom(s, Preview)});
  router.Add({"GET", "/api/v1/layouts", Permission::kView, "", BuiltInLayouts});
  router.Add({"PUT", "/api/v1/rooms/{number}/lock", Permission::kControlLive, "room.lock",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto body, BodyObject(c));
                JsonReader r(body);
                auto locked = r.Bool("locked", Presence::kRequired);
                CONTROL_TRY(r.Finish());
                c.audit_detail = *locked ? "locked" : "unlocked";
                CONTROL_TRY(Check(live.SetLock(room, *locked ? RoomLock::kLocked : RoomLock::kUnlocked), room));
                CONTROL_ASSIGN(auto state, Check(live.GetRoom(room), room));
                return ApiReply::Json(RoomLiveStateToJson(state));
              })});
  router.Add({"PUT", "/api/v1/rooms/{number}/mode", Permission::kControlLive, "room.mode",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto body, BodyObject(c));
                JsonReader r(body);
                auto mode_text = r.Text("mode", Presence::kRequired, 32);
                std::optional<SpeakingMode> mode;
                if (mode_text && !(mode = ParseRoomMode(*mode_text))) {
                  r.Reject(ControlError{ErrorKind::kValidation, "room.mode_invalid", "mode", {}});
                }
                CONTROL_TRY(r.Finish());
                c.audit_detail = *mode_text;
                CONTROL_TRY(Check(live.SetMode(room, *mode), room));
                CONTROL_ASSIGN(auto state, Check(live.GetRoom(room), room));
                return ApiReply::Json(RoomLiveStateToJson(state));
              })});
  router.Add({"POST", "/api/v1/rooms/{number}/meeting", Permission::kControlLive, "meeting.start",
              OnRoom(s, [s](LiveControl& live, const std::string& room, ApiCall& call) {
                return StartMeeting(*s, live, room, call);
              })});
  router.Add({"DELETE", "/api/v1/rooms/{number}/meeting", Permission::kControlLive, "meeting.end",
              OnRoom(s, [](LiveControl& live, const std::string& room, ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_TRY(Check(live.EndMeeting(room), room));
                return ApiReply::NoContent();
              })});

  router.Add({"GET", "/api/v1/events", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                const std::string room = c.Query("room");
                if (!room.empty() && !IsValidRoomNumber(room)) {
                  return Fail(ErrorKind::kMalformed, "request.bad_query", "room");
                }
                auto subscription = s->events->Subscribe(room);
                if (!subscription) return Fail(ErrorKind::kUnavailable, "events.too_many");
                ApiReply reply;
                reply.content_type = "text/event-stream";
                reply.event_stream = std::move(subscription);
                return reply;
              }});
}

}  // namespace softmcu::control
