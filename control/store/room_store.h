#pragma once
// Rooms and their members (tables rooms, room_members). A room and its member list are
// written in one transaction; member points must exist (room.unknown_point, 422, naming
// the members[i].point field).
//
// Thread-safe (through Database). Errors: room.not_found (404), room.exists (409),
// room.unknown_point (422), room.in_use_booking (409, args "booking", "title").

#include <string>
#include <string_view>
#include <vector>

#include "control/control_error.h"
#include "control/model/room.h"
#include "control/store/database.h"
#include "core/clock.h"

namespace softmcu::control {

class RoomStore {
 public:
  RoomStore(Database* db, const Clock* clock) : db_(db), clock_(clock) {}

  ControlResult<std::vector<Room>> List();
  ControlResult<Room> Get(std::string_view number);
  ControlResult<Room> Create(Room room);
  // Replaces the room's settings and member list.
  ControlResult<Room> Update(std::string_view number, Room room);
  ControlResult<void> Delete(std::string_view number);

  // Inside another store's transaction; nullopt when there is no such room.
  static ControlResult<std::optional<Room>> Load(Connection& c, std::string_view number);

 private:
  static ControlResult<void> CheckPointsExist(Connection& c, const Room& room);
  static ControlResult<void> WriteMembers(Connection& c, const Room& room);

  Database* const db_;
  const Clock* const clock_;
};

}  // namespace softmcu::control
