// Routes: bridge points and rooms (docs/api.md "Address book", "Rooms").
#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/routes.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/model/room.h"

namespace softmcu::control {
namespace {

nlohmann::json WithWarnings(nlohmann::json value, const std::vector<ControlError>& warnings, Lang lang) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& w : warnings) {
    list.push_back({{"code", w.code}, {"field", w.field}, {"message", RenderMessage(w, lang)}});
  }
  value["warnings"] = list;
  return value;
}

void PointChanged(const ApiServices& s, int64_t id) {
  if (s.config_listener != nullptr) s.config_listener->OnControlPointChanged(id);
}

void RoomChanged(const ApiServices& s, std::string_view number) {
  if (s.config_listener != nullptr) s.config_listener->OnControlRoomChanged(number);
}

ControlResult<std::string> RoomParam(const ApiCall& call) {
  const std::string& number = call.params.at("number");
  if (!IsValidRoomNumber(number)) return Fail(ErrorKind::kNotFound, "room.not_found", "", {{"room", number.substr(0, 32)}});
  return number;
}

bool MayEditConfig(const ApiCall& call) { return call.auth && Allows(call.auth->role, Permission::kEditConfig); }

ControlResult<ApiReply> CreatePoint(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  std::vector<ControlError> warnings;
  CONTROL_ASSIGN(auto point, PointFromJson(body, &warnings));
  call.audit_target = "point \"" + point.name + "\"";
  CONTROL_ASSIGN(auto created, s.points->Create(std::move(point)));
  call.audit_target = "point " + std::to_string(created.id) + " \"" + created.name + "\"";
  PointChanged(s, created.id);
  return ApiReply::Json(WithWarnings(PointToJson(created), warnings, call.lang), 201);
}

ControlResult<ApiReply> UpdatePoint(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(int64_t id, IdParam(call, "id"));
  call.audit_target = "point " + std::to_string(id);
  CONTROL_ASSIGN(auto body, BodyObject(call));
  std::vector<ControlError> warnings;
  CONTROL_ASSIGN(auto point, PointFromJson(body, &warnings));
  CONTROL_ASSIGN(auto updated, s.points->Update(id, std::move(point)));
  PointChanged(s, id);
  return ApiReply::Json(WithWarnings(PointToJson(updated), warnings, call.lang));
}

ControlResult<ApiReply> CreateRoom(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  CONTROL_ASSIGN(auto room, RoomFromJson(body, ""));
  call.audit_target = "room " + room.number;
  CONTROL_ASSIGN(auto created, s.rooms->Create(std::move(room)));
  RoomChanged(s, created.number);
  return ApiReply::Json(RoomToJson(created, MayEditConfig(call)), 201);
}

ControlResult<ApiReply> UpdateRoom(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto number, RoomParam(call));
  call.audit_target = "room " + number;
  CONTROL_ASSIGN(auto body, BodyObject(call));
  CONTROL_ASSIGN(auto room, RoomFromJson(body, number));
  CONTROL_ASSIGN(auto updated, s.rooms->Update(number, std::move(room)));
  RoomChanged(s, number);
  return ApiReply::Json(RoomToJson(updated, MayEditConfig(call)));
}

// PUT /rooms/{number}/members {"chair_point"?: id, "members": [...]}: the member list only,
// validated by the room rules (tiles against the room's layout).
ControlResult<ApiReply> ReplaceMembers(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto number, RoomParam(call));
  call.audit_target = "room " + number;
  CONTROL_ASSIGN(auto body, BodyObject(call));
  CONTROL_ASSIGN(auto room, s.rooms->Get(number));
  // Re-validate through RoomFromJson with the room's other settings, so the rules stay in one place.
  nlohmann::json full = RoomToJson(room, true);
  full.erase("members");
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "members" && it.key() != "chair_point") {
      return Fail(ErrorKind::kValidation, "field.unknown", it.key());
    }
    full[it.key()] = it.value();
  }
  if (!body.contains("members")) return Fail(ErrorKind::kValidation, "field.required", "members");
  if (full["pin"].is_null()) full.erase("pin");
  CONTROL_ASSIGN(auto updated_room, RoomFromJson(full, number));
  CONTROL_ASSIGN(auto updated, s.rooms->Update(number, std::move(updated_room)));
  call.audit_detail = std::to_string(updated.members.size()) + " members";
  RoomChanged(s, number);
  return ApiReply::Json(RoomToJson(updated, MayEditConfig(call)));
}

ControlResult<ApiReply> ListMembers(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto number, RoomParam(call));
  CONTROL_ASSIGN(auto room, s.rooms->Get(number));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& m : room.members) {
    nlohmann::json member = {{"point", m.point_id},
                             {"chair", room.chair_point_id == m.point_id},
                             {"tile", m.tile ? nlohmann::json(*m.tile) : nlohmann::json(nullptr)},
                             {"allow_plain_rtp", m.allow_plain_rtp}};
    if (auto point = s.points->Get(m.point_id)) {
      member["name"] = point->name;
      member["sip_uri"] = point->sip_uri;
      member["tier"] = ToString(point->tier);
    }
    out.push_back(std::move(member));
  }
  return ApiReply::Json(out);
}

}  // namespace

void AddAddressBookRoutes(Router& router, const ApiServices& services) {
  const ApiServices* s = &services;
  router.Add({"GET", "/api/v1/points", Permission::kView, "", [s](ApiCall&) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto points, s->points->List());
                nlohmann::json out = nlohmann::json::array();
                for (const auto& p : points) out.push_back(PointToJson(p));
                return ApiReply::Json(out);
              }});
  router.Add({"POST", "/api/v1/points", Permission::kEditConfig, "point.create",
              [s](ApiCall& c) { return CreatePoint(*s, c); }});
  router.Add({"GET", "/api/v1/points/{id}", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t id, IdParam(c, "id"));
                CONTROL_ASSIGN(auto point, s->points->Get(id));
                return ApiReply::Json(PointToJson(point));
              }});
  router.Add({"PUT", "/api/v1/points/{id}", Permission::kEditConfig, "point.update",
              [s](ApiCall& c) { return UpdatePoint(*s, c); }});
  router.Add({"DELETE", "/api/v1/points/{id}", Permission::kEditConfig, "point.delete",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t id, IdParam(c, "id"));
                c.audit_target = "point " + std::to_string(id);
                CONTROL_TRY(s->points->Delete(id));
                PointChanged(*s, id);
                return ApiReply::NoContent();
              }});

  router.Add({"GET", "/api/v1/rooms", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto rooms, s->rooms->List());
                nlohmann::json out = nlohmann::json::array();
                for (const auto& r : rooms) out.push_back(RoomToJson(r, MayEditConfig(c)));
                return ApiReply::Json(out);
              }});
  router.Add({"POST", "/api/v1/rooms", Permission::kEditConfig, "room.create",
              [s](ApiCall& c) { return CreateRoom(*s, c); }});
  router.Add({"GET", "/api/v1/rooms/{number}", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto number, RoomParam(c));
                CONTROL_ASSIGN(auto room, s->rooms->Get(number));
                return ApiReply::Json(RoomToJson(room, MayEditConfig(c)));
              }});
  router.Add({"PUT", "/api/v1/rooms/{number}", Permission::kEditConfig, "room.update",
              [s](ApiCall& c) { return UpdateRoom(*s, c); }});
  router.Add({"DELETE", "/api/v1/rooms/{number}", Permission::kEditConfig, "room.delete",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto number, RoomParam(c));
                c.audit_target = "room " + number;
                CONTROL_TRY(s->rooms->Delete(number));
                RoomChanged(*s, number);
                return ApiReply::NoContent();
              }});
  router.Add({"GET", "/api/v1/rooms/{number}/members", Permission::kView, "",
              [s](ApiCall& c) { return ListMembers(*s, c); }});
  router.Add({"PUT", "/api/v1/rooms/{number}/members", Permission::kEditConfig, "room.members",
              [s](ApiCall& c) { return ReplaceMembers(*s, c); }});
}

}  // namespace softmcu::control
