#pragma once
// CallDirectory over the control plane's SQLite stores: rooms and bridge points as the
// operator entered them, and the MCU-wide allow list for callers not in the address book
// ([sip] allow_sources, loopback by default).
//
// A caller is identified by its From URI (the point's SIP URI, exact), else by its source
// address (the point whose allow list contains it). An identified point is checked against
// its own allow list when it has one; everyone else against the MCU-wide list.
//
// Threading: called on the signalling thread; the stores are thread-safe.

#include <string>
#include <vector>

#include "conference/call/call_directory.h"
#include "control/model/cidr.h"
#include "control/model/room.h"
#include "control/store/point_store.h"
#include "control/store/room_store.h"

namespace softmcu {

class StoreDirectory final : public CallDirectory {
 public:
  StoreDirectory(control::RoomStore* rooms, control::PointStore* points, std::vector<control::Cidr> allow_sources,
                 RoomConfig room_defaults);

  std::optional<DirectoryRoom> FindRoom(std::string_view number) override;
  std::optional<DirectoryPoint> FindPoint(int64_t point_id) override;
  CallerCheck CheckCaller(std::string_view from_uri, std::string_view source_ip) override;

  // The engine's RoomConfig for a stored room (layout, mode, PIN, name).
  RoomConfig ConfigOf(const control::Room& room) const;

 private:
  bool AllowedByDefault(std::string_view source_ip) const;

  control::RoomStore* const rooms_;
  control::PointStore* const points_;
  const std::vector<control::Cidr> allow_sources_;
  const RoomConfig room_defaults_;
};

}  // namespace softmcu
