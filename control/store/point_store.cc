#include "control/store/point_store.h"

#include "control/model/cidr.h"
#include "control/unix_clock.h"

namespace softmcu::control {
namespace {

constexpr const char* kSelectPoint =
    "SELECT id, name, sip_uri, tier, bandwidth_kbps, organisation, notes, created_at, updated_at FROM points";

BridgePoint ReadPointRow(const Statement& s) {
  BridgePoint p;
  p.id = s.Int(0);
  p.name = s.Text(1);
  p.sip_uri = s.Text(2);
  p.tier = ParseTier(s.Text(3)).value_or(Tier::kCommune);
  p.bandwidth_kbps = s.Int(4);
  p.organisation = s.Text(5);
  p.notes = s.Text(6);
  p.created_at = s.Int(7);
  p.updated_at = s.Int(8);
  return p;
}

// Parameters 1–6 of both the INSERT and the UPDATE, in the same order.
void BindFields(Statement& s, const BridgePoint& p) {
  s.Bind(1, p.name).Bind(2, p.sip_uri).Bind(3, ToString(p.tier)).Bind(4, p.bandwidth_kbps);
  s.Bind(5, p.organisation).Bind(6, p.notes);
}

ControlResult<void> LoadChildren(Connection& c, BridgePoint* p) {
  CONTROL_ASSIGN(auto sources, c.Prepare("SELECT cidr FROM point_sources WHERE point_id = ? ORDER BY position"));
  sources.Bind(1, p->id);
  for (;;) {
    CONTROL_ASSIGN(bool row, sources.Step());
    if (!row) break;
    p->allowed_sources.push_back(sources.Text(0));
  }
  CONTROL_ASSIGN(auto contacts,
                 c.Prepare("SELECT name, phone FROM point_contacts WHERE point_id = ? ORDER BY position"));
  contacts.Bind(1, p->id);
  for (;;) {
    CONTROL_ASSIGN(bool row, contacts.Step());
    if (!row) break;
    p->contacts.push_back(Contact{contacts.Text(0), contacts.Text(1)});
  }
  return {};
}

}  // namespace

ControlResult<std::optional<BridgePoint>> PointStore::Load(Connection& c, int64_t id) {
  CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectPoint) + " WHERE id = ?"));
  stmt.Bind(1, id);
  CONTROL_ASSIGN(bool row, stmt.Step());
  if (!row) return std::optional<BridgePoint>();
  BridgePoint p = ReadPointRow(stmt);
  CONTROL_TRY(LoadChildren(c, &p));
  return std::optional<BridgePoint>(std::move(p));
}

ControlResult<std::vector<BridgePoint>> PointStore::LoadAll(Connection& c) {
  CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectPoint) + " ORDER BY name"));
  std::vector<BridgePoint> points;
  for (;;) {
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) break;
    points.push_back(ReadPointRow(stmt));
  }
  for (auto& p : points) CONTROL_TRY(LoadChildren(c, &p));
  return points;
}

ControlResult<std::vector<BridgePoint>> PointStore::List() {
  return db_->Read([](Connection& c) { return LoadAll(c); });
}

ControlResult<BridgePoint> PointStore::Get(int64_t id) {
  return db_->Read([&](Connection& c) -> ControlResult<BridgePoint> {
    CONTROL_ASSIGN(auto point, Load(c, id));
    if (!point) return Fail(ErrorKind::kNotFound, "point.not_found", "", {{"id", std::to_string(id)}});
    return std::move(*point);
  });
}

ControlResult<void> PointStore::CheckUnique(Connection& c, const BridgePoint& point, int64_t self_id) {
  CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT id, name, sip_uri FROM points WHERE (name = ? OR sip_uri = ?) AND id != ?"));
  stmt.Bind(1, point.name).Bind(2, point.sip_uri).Bind(3, self_id);
  CONTROL_ASSIGN(bool row, stmt.Step());
  if (!row) return {};
  const bool same_name = stmt.Text(1) == point.name;
  return Fail(ErrorKind::kConflict, same_name ? "point.name_taken" : "point.uri_taken", same_name ? "name" : "sip_uri",
              {{"other", std::to_string(stmt.Int(0))}, {"other_name", stmt.Text(1)}});
}

ControlResult<void> PointStore::WriteChildren(Connection& c, const BridgePoint& point) {
  CONTROL_ASSIGN(auto clear_sources, c.Prepare("DELETE FROM point_sources WHERE point_id = ?"));
  CONTROL_TRY(clear_sources.Bind(1, point.id).Run());
  CONTROL_ASSIGN(auto clear_contacts, c.Prepare("DELETE FROM point_contacts WHERE point_id = ?"));
  CONTROL_TRY(clear_contacts.Bind(1, point.id).Run());
  for (size_t i = 0; i < point.allowed_sources.size(); ++i) {
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO point_sources (point_id, position, cidr) VALUES (?, ?, ?)"));
    CONTROL_TRY(insert.Bind(1, point.id).Bind(2, static_cast<int64_t>(i)).Bind(3, point.allowed_sources[i]).Run());
  }
  for (size_t i = 0; i < point.contacts.size(); ++i) {
    CONTROL_ASSIGN(auto insert,
                   c.Prepare("INSERT INTO point_contacts (point_id, position, name, phone) VALUES (?, ?, ?, ?)"));
    CONTROL_TRY(insert.Bind(1, point.id)
                    .Bind(2, static_cast<int64_t>(i))
                    .Bind(3, point.contacts[i].name)
                    .Bind(4, point.contacts[i].phone)
                    .Run());
  }
  return {};
}

ControlResult<BridgePoint> PointStore::Create(BridgePoint point) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<BridgePoint> {
    CONTROL_TRY(CheckUnique(c, point, 0));
    CONTROL_ASSIGN(auto insert, c.Prepare("INSERT INTO points (name, sip_uri, tier, bandwidth_kbps, organisation, "
                                          "notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    BindFields(insert, point);
    CONTROL_TRY(insert.Bind(7, now).Bind(8, now).Run());
    point.id = c.LastInsertId();
    point.created_at = point.updated_at = now;
    CONTROL_TRY(WriteChildren(c, point));
    return point;
  });
}

ControlResult<BridgePoint> PointStore::Update(int64_t id, BridgePoint point) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<BridgePoint> {
    CONTROL_ASSIGN(auto existing, Load(c, id));
    if (!existing) return Fail(ErrorKind::kNotFound, "point.not_found", "", {{"id", std::to_string(id)}});
    CONTROL_TRY(CheckUnique(c, point, id));
    CONTROL_ASSIGN(auto update, c.Prepare("UPDATE points SET name = ?, sip_uri = ?, tier = ?, bandwidth_kbps = ?, "
                                          "organisation = ?, notes = ?, updated_at = ? WHERE id = ?"));
    BindFields(update, point);
    CONTROL_TRY(update.Bind(7, now).Bind(8, id).Run());
    point.id = id;
    point.created_at = existing->created_at;
    point.updated_at = now;
    CONTROL_TRY(WriteChildren(c, point));
    return point;
  });
}

ControlResult<void> PointStore::Delete(int64_t id) {
  const int64_t now = UnixSeconds(*clock_);
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto existing, Load(c, id));
    if (!existing) return Fail(ErrorKind::kNotFound, "point.not_found", "", {{"id", std::to_string(id)}});
    CONTROL_ASSIGN(auto member, c.Prepare("SELECT room_number FROM room_members WHERE point_id = ? "
                                          "UNION SELECT number FROM rooms WHERE chair_point_id = ? LIMIT 1"));
    member.Bind(1, id).Bind(2, id);
    CONTROL_ASSIGN(bool in_room, member.Step());
    if (in_room) return Fail(ErrorKind::kConflict, "point.in_use_room", "", {{"room", member.Text(0)}});
    CONTROL_ASSIGN(auto booked, c.Prepare("SELECT b.id, b.title FROM bookings b JOIN booking_points bp ON "
                                          "bp.booking_id = b.id WHERE bp.point_id = ? AND b.status = 'scheduled' "
                                          "AND b.end_at > ? ORDER BY b.start_at LIMIT 1"));
    booked.Bind(1, id).Bind(2, now);
    CONTROL_ASSIGN(bool in_booking, booked.Step());
    if (in_booking) {
      return Fail(ErrorKind::kConflict, "point.in_use_booking", "",
                  {{"booking", std::to_string(booked.Int(0))}, {"title", booked.Text(1)}});
    }
    CONTROL_ASSIGN(auto remove, c.Prepare("DELETE FROM points WHERE id = ?"));
    return remove.Bind(1, id).Run();
  });
}

ControlResult<std::optional<BridgePoint>> PointStore::FindByUri(std::string_view uri) {
  return db_->Read([&](Connection& c) -> ControlResult<std::optional<BridgePoint>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT id FROM points WHERE sip_uri = ?"));
    stmt.Bind(1, uri);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) return std::optional<BridgePoint>();
    return Load(c, stmt.Int(0));
  });
}

ControlResult<std::optional<BridgePoint>> PointStore::FindBySource(std::string_view source_address) {
  CONTROL_ASSIGN(auto points, List());
  for (auto& p : points) {
    if (p.AllowsSource(source_address)) return std::optional<BridgePoint>(std::move(p));
  }
  return std::optional<BridgePoint>();
}

}  // namespace softmcu::control
