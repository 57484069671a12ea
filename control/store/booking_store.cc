#include "control/store/booking_store.h"

#include <algorithm>
#include <map>

#include "control/model/iso_time.h"
#include "control/unix_clock.h"

namespace softmcu::control {
namespace {

constexpr const char* kSelectBooking =
    "SELECT id, title, host_org, room_number, start_at, end_at, test_at, emergency, status, contact, notes, "
    "created_by, created_at, updated_at FROM bookings";

Booking ReadBookingRow(const Statement& s) {
  Booking b;
  b.id = s.Int(0);
  b.title = s.Text(1);
  b.host_org = s.Text(2);
  b.room_number = s.Text(3);
  b.start_at = s.Int(4);
  b.end_at = s.Int(5);
  b.test_at = s.OptionalInt(6);
  b.emergency = s.Int(7) != 0;
  b.status = s.Text(8) == "cancelled" ? BookingStatus::kCancelled : BookingStatus::kScheduled;
  b.contact = s.Text(9);
  b.notes = s.Text(10);
  b.created_by = s.Text(11);
  b.created_at = s.Int(12);
  b.updated_at = s.Int(13);
  return b;
}

ControlResult<void> LoadPoints(Connection& c, Booking* b) {
  CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT point_id FROM booking_points WHERE booking_id = ? ORDER BY point_id"));
  stmt.Bind(1, b->id);
  for (;;) {
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) break;
    b->point_ids.push_back(stmt.Int(0));
  }
  return {};
}

std::string Mbps(int64_t kbps) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", static_cast<double>(kbps) / 1000.0);
  return text;
}

// Parameters 1–9 of both the INSERT and the UPDATE, in the same order.
void BindFields(Statement& s, const Booking& b) {
  s.Bind(1, b.title).Bind(2, b.host_org).Bind(3, b.room_number).Bind(4, b.start_at).Bind(5, b.end_at);
  s.Bind(6, b.test_at).Bind(7, b.emergency).Bind(8, b.contact).Bind(9, b.notes);
}

ControlError NotFound(int64_t id) {
  return ControlError{ErrorKind::kNotFound, "booking.not_found", "", {{"id", std::to_string(id)}}};
}

}  // namespace

ControlResult<std::optional<Booking>> BookingStore::Load(Connection& c, int64_t id) {
  CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectBooking) + " WHERE id = ?"));
  stmt.Bind(1, id);
  CONTROL_ASSIGN(bool row, stmt.Step());
  if (!row) return std::optional<Booking>();
  Booking b = ReadBookingRow(stmt);
  CONTROL_TRY(LoadPoints(c, &b));
  return std::optional<Booking>(std::move(b));
}

ControlResult<std::vector<Booking>> BookingStore::List(std::optional<int64_t> from, std::optional<int64_t> to,
                                                       bool include_cancelled) {
  return db_->Read([&](Connection& c) -> ControlResult<std::vector<Booking>> {
    std::string sql = std::string(kSelectBooking) + " WHERE end_at > ? AND COALESCE(test_at, start_at) < ?";
    if (!include_cancelled) sql += " AND status = 'scheduled'";
    sql += " ORDER BY start_at, id";
    CONTROL_ASSIGN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, from.value_or(INT64_MIN)).Bind(2, to.value_or(INT64_MAX));
    std::vector<Booking> out;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(ReadBookingRow(stmt));
    }
    for (auto& b : out) CONTROL_TRY(LoadPoints(c, &b));
    return out;
  });
}

ControlResult<Booking> BookingStore::Get(int64_t id) {
  return db_->Read([&](Connection& c) -> ControlResult<Booking> {
    CONTROL_ASSIGN(auto booking, Load(c, id));
    if (!booking) return Fail(NotFound(id));
    return std::move(*booking);
  });
}

ControlResult<void> BookingStore::Check(Connection& c, const Booking& b, int64_t now) {
  CONTROL_ASSIGN(auto room, c.Prepare("SELECT 1 FROM rooms WHERE number = ?"));
  room.Bind(1, b.room_number);
  CONTROL_ASSIGN(bool room_exists, room.Step());
  if (!room_exists) return Fail(ErrorKind::kValidation, "booking.unknown_room", "room", {{"room", b.room_number}});

  // Points: exist, and their bandwidth and names for the checks below.
  std::map<int64_t, std::pair<std::string, int64_t>> points;  // id → (name, kbps)
  int64_t own_kbps = 0;
  CONTROL_ASSIGN(auto point, c.Prepare("SELECT name, bandwidth_kbps FROM points WHERE id = ?"));
  for (size_t i = 0; i < b.point_ids.size(); ++i) {
    point.Reset();
    point.Bind(1, b.point_ids[i]);
    CONTROL_ASSIGN(bool exists, point.Step());
    if (!exists) {
      return Fail(ErrorKind::kValidation, "booking.unknown_point", "points[" + std::to_string(i) + "]",
                  {{"point", std::to_string(b.point_ids[i])}});
    }
    points[b.point_ids[i]] = {point.Text(0), point.Int(1)};
    own_kbps += point.Int(1);
  }

  if (b.end_at <= now) return Fail(ErrorKind::kValidation, "booking.in_past", "end");
  if (!b.emergency && limits_.min_notice_seconds > 0 && b.occupied_from() - now < limits_.min_notice_seconds) {
    return Fail(ErrorKind::kValidation, "booking.short_notice", b.test_at ? "test_start" : "start",
                {{"hours", std::to_string(limits_.min_notice_seconds / 3600)}});
  }
  if (own_kbps > limits_.mcu_budget_kbps) {
    return Fail(ErrorKind::kConflict, "booking.bandwidth_exceeded", "points",
                {{"needed_mbps", Mbps(own_kbps)}, {"budget_mbps", Mbps(limits_.mcu_budget_kbps)}});
  }

  // Other scheduled bookings that overlap this one (test runs included).
  CONTROL_ASSIGN(auto others, c.Prepare(std::string(kSelectBooking) +
                                        " WHERE status = 'scheduled' AND id != ? AND end_at > ? AND "
                                        "COALESCE(test_at, start_at) < ? ORDER BY start_at, id"));
  others.Bind(1, b.id).Bind(2, b.occupied_from()).Bind(3, b.end_at);
  std::vector<Booking> overlapping;
  for (;;) {
    CONTROL_ASSIGN(bool row, others.Step());
    if (!row) break;
    overlapping.push_back(ReadBookingRow(others));
  }
  struct Usage { int64_t from, to, kbps; };
  std::vector<Usage> loads;
  for (auto& other : overlapping) {
    const std::vector<std::pair<std::string, std::string>> about = {
        {"booking", std::to_string(other.id)}, {"title", other.title},
        {"start", FormatIsoTime(other.start_at)}, {"end", FormatIsoTime(other.end_at)}};
    if (other.room_number == b.room_number) {
      auto args = about;
      args.emplace_back("room", b.room_number);
      return Fail(ErrorKind::kConflict, "booking.room_conflict", "room", std::move(args));
    }
    CONTROL_TRY(LoadPoints(c, &other));
    for (int64_t id : other.point_ids) {
      if (auto it = points.find(id); it != points.end()) {
        auto args = about;
        args.emplace_back("point", it->second.first);
        args.emplace_back("point_id", std::to_string(id));
        return Fail(ErrorKind::kConflict, "booking.point_conflict", "points", std::move(args));
      }
    }
    CONTROL_ASSIGN(auto kbps_stmt, c.Prepare("SELECT COALESCE(SUM(p.bandwidth_kbps), 0) FROM booking_points bp "
                                             "JOIN points p ON p.id = bp.point_id WHERE bp.booking_id = ?"));
    kbps_stmt.Bind(1, other.id);
    CONTROL_TRY(kbps_stmt.Step());
    loads.push_back({std::max(other.occupied_from(), b.occupied_from()), std::min(other.end_at, b.end_at),
                     kbps_stmt.Int(0)});
  }
  // Peak of the others' load inside this booking's interval: the sum changes only where
  // one of them starts, so those instants (and our own start) are the candidates.
  int64_t peak_others = 0;
  std::vector<int64_t> instants = {b.occupied_from()};
  for (const auto& l : loads) instants.push_back(l.from);
  for (int64_t t : instants) {
    int64_t sum = 0;
    for (const auto& l : loads) sum += (l.from <= t && t < l.to) ? l.kbps : 0;
    peak_others = std::max(peak_others, sum);
  }
  if (own_kbps + peak_others > limits_.mcu_budget_kbps) {
    return Fail(ErrorKind::kConflict, "booking.bandwidth_exceeded_overlap", "points",
                {{"needed_mbps", Mbps(own_kbps)},
                 {"others_mbps", Mbps(peak_others)},
                 {"budget_mbps", Mbps(limits_.mcu_budget_kbps)}});
  }
  return {};
}

ControlResult<void> BookingStore::WritePoints(Connection& c, const Booking& b) {
  CONTROL_ASSIGN(auto clear, c.Prepare("DELETE FROM booking_points WHERE booking_id = ?"));
  CONTROL_TRY(clear.Bind(1, b.id).Run());
  for (int64_t point : b.point_ids) {
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO booking_points (booking_id, point_id) VALUES (?, ?)"));
    CONTROL_TRY(insert.Bind(1, b.id).Bind(2, point).Run());
  }
  return {};
}

ControlResult<Booking> BookingStore::Create(Booking b, std::string_view created_by) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<Booking> {
    b.id = 0;
    CONTROL_TRY(Check(c, b, now));
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO bookings (title, host_org, room_number, start_at, end_at, "
                                          "test_at, emergency, contact, notes, created_by, created_at, updated_at, "
                                          "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled')"));
    BindFields(insert, b);
    CONTROL_TRY(insert.Bind(10, created_by).Bind(11, now).Bind(12, now).Run());
    b.id = c.LastInsertId();
    b.status = BookingStatus::kScheduled;
    b.created_by = std::string(created_by);
    b.created_at = b.updated_at = now;
    std::sort(b.point_ids.begin(), b.point_ids.end());
    CONTROL_TRY(WritePoints(c, b));
    return b;
  });
}

ControlResult<Booking> BookingStore::Update(int64_t id, Booking b) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<Booking> {
    CONTROL_ASSIGN(auto existing, Load(c, id));
    if (!existing) return Fail(NotFound(id));
    if (existing->status == BookingStatus::kCancelled) return Fail(ErrorKind::kConflict, "booking.cancelled");
    b.id = id;
    CONTROL_TRY(Check(c, b, now));
    CONTROL_ASSIGN(auto update, c.Prepare("UPDATE bookings SET title = ?, host_org = ?, room_number = ?, "
                                          "start_at = ?, end_at = ?, test_at = ?, emergency = ?, contact = ?, "
                                          "notes = ?, updated_at = ? WHERE id = ?"));
    BindFields(update, b);
    CONTROL_TRY(update.Bind(10, now).Bind(11, id).Run());
    b.status = existing->status;
    b.created_by = existing->created_by;
    b.created_at = existing->created_at;
    b.updated_at = now;
    std::sort(b.point_ids.begin(), b.point_ids.end());
    CONTROL_TRY(WritePoints(c, b));
    return b;
  });
}

ControlResult<Booking> BookingStore::Cancel(int64_t id) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<Booking> {
    CONTROL_ASSIGN(auto existing, Load(c, id));
    if (!existing) return Fail(NotFound(id));
    CONTROL_ASSIGN(auto update, c.Prepare("UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE id = ?"));
    CONTROL_TRY(update.Bind(1, now).Bind(2, id).Run());
    existing->status = BookingStatus::kCancelled;
    existing->updated_at = now;
    return std::move(*existing);
  });
}

}  // namespace softmcu::control
