#pragma once
// The address book: bridge points with their allow lists and contacts (tables points,
// point_sources, point_contacts). Every write is one transaction, so a point is never
// stored without its sources or with half of its contacts.
//
// Thread-safe (through Database). Errors: point.not_found (404), point.name_taken and
// point.uri_taken (409, arg "other" = the point that has it), point.in_use (409, args
// "room" or "booking"), store.* for SQLite failures.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/control_error.h"
#include "control/model/point.h"
#include "control/store/database.h"
#include "core/clock.h"

namespace softmcu::control {

class PointStore {
 public:
  // `db` and `clock` (Unix time, see unix_clock.h) must outlive the store.
  PointStore(Database* db, const Clock* clock) : db_(db), clock_(clock) {}

  ControlResult<std::vector<BridgePoint>> List();
  ControlResult<BridgePoint> Get(int64_t id);
  ControlResult<BridgePoint> Create(BridgePoint point);
  ControlResult<BridgePoint> Update(int64_t id, BridgePoint point);
  ControlResult<void> Delete(int64_t id);

  // For the daemon identifying a caller: the point whose SIP URI is `uri` (exact text),
  // or whose allow list contains `source_address`. nullopt when none.
  ControlResult<std::optional<BridgePoint>> FindByUri(std::string_view uri);
  ControlResult<std::optional<BridgePoint>> FindBySource(std::string_view source_address);

  // Inside another store's transaction.
  static ControlResult<std::optional<BridgePoint>> Load(Connection& c, int64_t id);
  static ControlResult<std::vector<BridgePoint>> LoadAll(Connection& c);

 private:
  static ControlResult<void> CheckUnique(Connection& c, const BridgePoint& point, int64_t self_id);
  static ControlResult<void> WriteChildren(Connection& c, const BridgePoint& point);

  Database* const db_;
  const Clock* const clock_;
};

}  // namespace softmcu::control
