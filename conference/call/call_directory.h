#pragma once
// What call control asks of the address book: which rooms exist and how they are set up,
// and who a caller is. conference/ cannot read the database (control/ sits above it), so
// the daemon implements this over its stores (server/); tests implement it in memory.
//
// Threading: called on the signalling thread, one call at a time; implementations may
// block briefly (a SQLite read) but never call back into the conference.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conference/room/room_config.h"
#include "core/units.h"

namespace softmcu {

// A bridge point as call control needs it.
struct DirectoryPoint {
  int64_t id = 0;
  std::string name;     // the site name shown on its tile
  std::string sip_uri;  // where the MCU dials it
  DataRate bandwidth = DataRate::KilobitsPerSec(2000);
  bool allow_plain_rtp = false;  // the room's exception for an old terminal
  bool chair = false;            // the room's chair point
};

struct DirectoryRoom {
  RoomConfig config;
  bool srtp_required = true;
  std::vector<DirectoryPoint> members;  // chair first when there is one

  const DirectoryPoint* Member(int64_t point_id) const {
    for (const auto& m : members) {
      if (m.id == point_id) return &m;
    }
    return nullptr;
  }
};

// Who is calling, and whether their source address may call at all.
struct CallerCheck {
  std::optional<DirectoryPoint> point;  // identified by its URI, else by its source address
  bool source_allowed = false;          // the point's allow list, or the MCU-wide one
};

class CallDirectory {
 public:
  virtual std::optional<DirectoryRoom> FindRoom(std::string_view number) = 0;
  // A point of the address book, member of a room or not (a booking's guest).
  virtual std::optional<DirectoryPoint> FindPoint(int64_t point_id) = 0;
  // `from_uri` as the INVITE's From carried it; `source_ip` the packet's source address.
  virtual CallerCheck CheckCaller(std::string_view from_uri, std::string_view source_ip) = 0;

 protected:
  ~CallDirectory() = default;
};

}  // namespace softmcu
