#include "control/store/room_store.h"

#include "control/unix_clock.h"

namespace softmcu::control {
namespace {

constexpr const char* kSelectRoom =
    "SELECT number, name, mode, chair_point_id, layout, pin, srtp_required, created_at, updated_at FROM rooms";

Room ReadRoomRow(const Statement& s) {
  Room r;
  r.number = s.Text(0);
  r.name = s.Text(1);
  r.mode = s.Text(2) == "open" ? SpeakingMode::kOpen : SpeakingMode::kChairControlled;
  r.chair_point_id = s.OptionalInt(3);
  r.layout = s.Text(4);
  if (!s.IsNull(5)) r.pin = s.Text(5);
  r.srtp_required = s.Int(6) != 0;
  r.created_at = s.Int(7);
  r.updated_at = s.Int(8);
  return r;
}

ControlResult<void> LoadMembers(Connection& c, Room* room) {
  CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT point_id, tile, allow_plain_rtp FROM room_members "
                                      "WHERE room_number = ? ORDER BY position"));
  stmt.Bind(1, room->number);
  for (;;) {
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) break;
    RoomMember m;
    m.point_id = stmt.Int(0);
    if (!stmt.IsNull(1)) m.tile = static_cast<int>(stmt.Int(1));
    m.allow_plain_rtp = stmt.Int(2) != 0;
    room->members.push_back(m);
  }
  return {};
}

// Parameters 1–6 of both the INSERT and the UPDATE, in the same order.
void BindFields(Statement& s, const Room& r) {
  s.Bind(1, r.name).Bind(2, r.mode == SpeakingMode::kOpen ? "open" : "chair").Bind(3, r.chair_point_id);
  s.Bind(4, r.layout).Bind(5, r.pin).Bind(6, r.srtp_required);
}

ControlError NotFound(std::string_view number) {
  return ControlError{ErrorKind::kNotFound, "room.not_found", "", {{"room", std::string(number)}}};
}

}  // namespace

ControlResult<std::optional<Room>> RoomStore::Load(Connection& c, std::string_view number) {
  CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectRoom) + " WHERE number = ?"));
  stmt.Bind(1, number);
  CONTROL_ASSIGN(bool row, stmt.Step());
  if (!row) return std::optional<Room>();
  Room room = ReadRoomRow(stmt);
  CONTROL_TRY(LoadMembers(c, &room));
  return std::optional<Room>(std::move(room));
}

ControlResult<std::vector<Room>> RoomStore::List() {
  return db_->Read([](Connection& c) -> ControlResult<std::vector<Room>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectRoom) + " ORDER BY CAST(number AS INTEGER), number"));
    std::vector<Room> rooms;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      rooms.push_back(ReadRoomRow(stmt));
    }
    for (auto& r : rooms) CONTROL_TRY(LoadMembers(c, &r));
    return rooms;
  });
}

ControlResult<Room> RoomStore::Get(std::string_view number) {
  return db_->Read([&](Connection& c) -> ControlResult<Room> {
    CONTROL_ASSIGN(auto room, Load(c, number));
    if (!room) return Fail(NotFound(number));
    return std::move(*room);
  });
}

ControlResult<void> RoomStore::CheckPointsExist(Connection& c, const Room& room) {
  CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT 1 FROM points WHERE id = ?"));
  for (size_t i = 0; i < room.members.size(); ++i) {
    stmt.Reset();
    stmt.Bind(1, room.members[i].point_id);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) {
      const bool is_chair = room.chair_point_id == room.members[i].point_id;
      return Fail(ErrorKind::kValidation, "room.unknown_point",
                  is_chair ? "chair_point" : "members[" + std::to_string(i) + "].point",
                  {{"point", std::to_string(room.members[i].point_id)}});
    }
  }
  return {};
}

ControlResult<void> RoomStore::WriteMembers(Connection& c, const Room& room) {
  CONTROL_ASSIGN(auto clear, c.Prepare("DELETE FROM room_members WHERE room_number = ?"));
  CONTROL_TRY(clear.Bind(1, room.number).Run());
  for (size_t i = 0; i < room.members.size(); ++i) {
    const RoomMember& m = room.members[i];
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO room_members (room_number, point_id, position, tile, "
                                          "allow_plain_rtp) VALUES (?, ?, ?, ?, ?)"));
    insert.Bind(1, room.number).Bind(2, m.point_id).Bind(3, static_cast<int64_t>(i)).Bind(5, m.allow_plain_rtp);
    if (m.tile) {
      insert.Bind(4, static_cast<int64_t>(*m.tile));
    } else {
      insert.BindNull(4);
    }
    CONTROL_TRY(insert.Run());
  }
  return {};
}

ControlResult<Room> RoomStore::Create(Room room) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<Room> {
    CONTROL_ASSIGN(auto existing, Load(c, room.number));
    if (existing) return Fail(ErrorKind::kConflict, "room.exists", "number", {{"room", room.number}});
    CONTROL_TRY(CheckPointsExist(c, room));
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO rooms (name, mode, chair_point_id, layout, pin, srtp_required, "
                                          "number, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    BindFields(insert, room);
    CONTROL_TRY(insert.Bind(7, room.number).Bind(8, now).Bind(9, now).Run());
    room.created_at = room.updated_at = now;
    CONTROL_TRY(WriteMembers(c, room));
    return room;
  });
}

ControlResult<Room> RoomStore::Update(std::string_view number, Room room) {
  const int64_t now = UnixSeconds(*clock_);
  room.number = std::string(number);
  return db_->Write([&](Connection& c) -> ControlResult<Room> {
    CONTROL_ASSIGN(auto existing, Load(c, number));
    if (!existing) return Fail(NotFound(number));
    CONTROL_TRY(CheckPointsExist(c, room));
    CONTROL_ASSIGN(auto update, c.Prepare("UPDATE rooms SET name = ?, mode = ?, chair_point_id = ?, layout = ?, "
                                          "pin = ?, srtp_required = ?, updated_at = ? WHERE number = ?"));
    BindFields(update, room);
    CONTROL_TRY(update.Bind(7, now).Bind(8, number).Run());
    room.created_at = existing->created_at;
    room.updated_at = now;
    CONTROL_TRY(WriteMembers(c, room));
    return room;
  });
}

ControlResult<void> RoomStore::Delete(std::string_view number) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto existing, Load(c, number));
    if (!existing) return Fail(NotFound(number));
    CONTROL_ASSIGN(auto booked, c.Prepare("SELECT id, title FROM bookings WHERE room_number = ? AND "
                                          "status = 'scheduled' AND end_at > ? ORDER BY start_at LIMIT 1"));
    booked.Bind(1, number).Bind(2, now);
    CONTROL_ASSIGN(bool row, booked.Step());
    if (row) {
      return Fail(ErrorKind::kConflict, "room.in_use_booking", "",
                  {{"booking", std::to_string(booked.Int(0))}, {"title", booked.Text(1)}});
    }
    CONTROL_ASSIGN(auto remove, c.Prepare("DELETE FROM rooms WHERE number = ?"));
    return remove.Bind(1, number).Run();
  });
}

}  // namespace softmcu::control
