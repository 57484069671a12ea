// Routes: bookings, logbook, reports, records pruning, health (docs/api.md "Bookings",
// "Logbook", "Reports", "Records").
#include <nlohmann/json.hpp>

#include "control/api/api_helpers.h"
#include "control/api/routes.h"
#include "control/model/booking.h"
#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/unix_clock.h"

namespace softmcu::control {
namespace {

constexpr int64_t kDay = 86400;

struct Range {
  int64_t from;
  int64_t to;
};

// from/to query parameters with defaults ending now; 400 when `to` is not after `from`.
ControlResult<Range> RangeQuery(const ApiServices& s, const ApiCall& call, int64_t default_span) {
  CONTROL_ASSIGN(auto from, TimeQuery(call, "from"));
  CONTROL_ASSIGN(auto to, TimeQuery(call, "to"));
  Range range;
  range.to = to.value_or(UnixSeconds(*s.clock) + 1);
  range.from = from.value_or(range.to - default_span);
  if (range.to <= range.from) return Fail(ErrorKind::kMalformed, "request.bad_query", "to");
  return range;
}

nlohmann::json PointRefJson(const PointRef& p) {
  return {{"point", p.point_id ? nlohmann::json(*p.point_id) : nlohmann::json(nullptr)}, {"name", p.name}};
}

nlohmann::json MeetingJson(const MeetingRecord& m) {
  return {{"id", m.id},
          {"room", m.start.room_number},
          {"booking", m.start.booking_id ? nlohmann::json(*m.start.booking_id) : nlohmann::json(nullptr)},
          {"title", m.start.title},
          {"host_org", m.start.host_org},
          {"kind", ToString(m.start.kind)},
          {"started_at", FormatIsoTime(m.started_at)},
          {"ended_at", m.ended_at ? nlohmann::json(FormatIsoTime(*m.ended_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json MeetingLogJson(const MeetingLog& log) {
  nlohmann::json out = MeetingJson(log.meeting);
  nlohmann::json sessions = nlohmann::json::array(), incidents = nlohmann::json::array(),
                 quality = nlohmann::json::array(), notes = nlohmann::json::array();
  for (const auto& s : log.sessions) {
    nlohmann::json j = PointRefJson(s.point);
    j["id"] = s.id;
    j["uri"] = s.point.uri;
    j["joined_at"] = FormatIsoTime(s.joined_at);
    j["left_at"] = s.left_at ? nlohmann::json(FormatIsoTime(*s.left_at)) : nlohmann::json(nullptr);
    j["leave_cause"] = s.leave_cause;
    sessions.push_back(std::move(j));
  }
  for (const auto& i : log.incidents) {
    nlohmann::json j = PointRefJson(i.point);
    j["id"] = i.id;
    j["time"] = FormatIsoTime(i.time);
    j["cause"] = ToString(i.cause);
    j["detail"] = i.detail;
    j["reported_by"] = i.reported_by;
    incidents.push_back(std::move(j));
  }
  for (const auto& q : log.quality) {
    nlohmann::json j = PointRefJson(q.point);
    j["time"] = FormatIsoTime(q.time);
    j["loss_pct"] = q.summary.loss_pct;
    j["jitter_ms"] = q.summary.jitter_ms;
    j["bitrate_kbps"] = q.summary.bitrate_kbps;
    j["freezes"] = q.summary.freezes;
    quality.push_back(std::move(j));
  }
  for (const auto& n : log.notes) {
    notes.push_back({{"id", n.id}, {"time", FormatIsoTime(n.time)}, {"user", n.user}, {"text", n.text}});
  }
  out["sessions"] = sessions;
  out["incidents"] = incidents;
  out["quality"] = quality;
  out["notes"] = notes;
  return out;
}

ControlResult<ApiReply> CreateBooking(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(auto body, BodyObject(call));
  CONTROL_ASSIGN(auto booking, BookingFromJson(body));
  call.audit_target = "booking \"" + booking.title + "\"";
  CONTROL_ASSIGN(auto created, s.bookings->Create(std::move(booking), call.user()));
  call.audit_target = "booking " + std::to_string(created.id) + " \"" + created.title + "\"";
  call.audit_detail = "room " + created.room_number + ", " + FormatIsoTime(created.start_at) +
                      (created.emergency ? ", emergency" : "");
  return ApiReply::Json(BookingToJson(created), 201);
}

ControlResult<ApiReply> UpdateBooking(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(int64_t id, IdParam(call, "id"));
  call.audit_target = "booking " + std::to_string(id);
  CONTROL_ASSIGN(auto body, BodyObject(call));
  CONTROL_ASSIGN(auto booking, BookingFromJson(body));
  CONTROL_ASSIGN(auto updated, s.bookings->Update(id, std::move(booking)));
  return ApiReply::Json(BookingToJson(updated));
}

ControlResult<ApiReply> AddIncident(const ApiServices& s, ApiCall& call) {
  CONTROL_ASSIGN(int64_t meeting, IdParam(call, "id"));
  call.audit_target = "meeting " + std::to_string(meeting);
  CONTROL_ASSIGN(auto body, BodyObject(call));
  JsonReader r(body);
  auto point_id = r.Integer("point", Presence::kOptional, 1, INT64_MAX);
  auto cause_text = r.Text("cause", Presence::kRequired, 32);
  auto detail = r.Text("detail", Presence::kRequired, kMaxNotesChars, TextKind::kMultiline);
  std::optional<IncidentCause> cause;
  if (cause_text && !(cause = ParseIncidentCause(*cause_text))) {
    r.Reject(ControlError{ErrorKind::kValidation, "logbook.cause_invalid", "cause", {}});
  }
  CONTROL_TRY(r.Finish());
  PointRef ref;
  if (point_id) {
    CONTROL_ASSIGN(auto point, s.points->Get(*point_id));
    ref = PointRef{point.id, point.name, point.sip_uri};
  }
  CONTROL_ASSIGN(auto id, s.logbook->RecordIncident(meeting, ref, *cause, *detail, call.user()));
  call.audit_detail = *cause_text;
  return ApiReply::Json({{"id", id}}, 201);
}

ControlResult<ApiReply> Report(const ApiServices& s, ApiCall& call, bool availability) {
  CONTROL_ASSIGN(auto range, RangeQuery(s, call, 183 * kDay));
  const CsvBom bom = call.Query("bom") == "0" ? CsvBom::kWithout : CsvBom::kWith;
  const int64_t now = UnixSeconds(*s.clock);
  if (availability) {
    CONTROL_ASSIGN(auto report, s.reports->Availability(range.from, range.to, now));
    if (call.WantsCsv()) return ApiReply::Text(AvailabilityReportToCsv(report, bom), "text/csv; charset=utf-8");
    return ApiReply::Json(AvailabilityReportToJson(report));
  }
  const std::string kind = call.Query("kind");
  if (!kind.empty() && kind != "live" && kind != "all") return Fail(ErrorKind::kMalformed, "request.bad_query", "kind");
  CONTROL_ASSIGN(auto report, s.reports->Meetings(range.from, range.to, now,
                                                  kind == "all" ? MeetingKinds::kAll : MeetingKinds::kLiveOnly));
  if (call.WantsCsv()) return ApiReply::Text(MeetingsReportToCsv(report, bom), "text/csv; charset=utf-8");
  return ApiReply::Json(MeetingsReportToJson(report));
}

}  // namespace

void AddRecordRoutes(Router& router, const ApiServices& services) {
  const ApiServices* s = &services;
  router.Add({"GET", "/api/v1/health", Permission::kPublic, "", [](ApiCall&) -> ControlResult<ApiReply> {
                return ApiReply::Json({{"status", "ok"}});
              }});

  router.Add({"GET", "/api/v1/bookings", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto from, TimeQuery(c, "from"));
                CONTROL_ASSIGN(auto to, TimeQuery(c, "to"));
                const bool cancelled = c.Query("include_cancelled") == "1" || c.Query("include_cancelled") == "true";
                // Default: from a day ago on, so today's meetings and everything ahead show.
                CONTROL_ASSIGN(auto list, s->bookings->List(from.value_or(UnixSeconds(*s->clock) - kDay), to, cancelled));
                nlohmann::json out = nlohmann::json::array();
                for (const auto& b : list) out.push_back(BookingToJson(b));
                return ApiReply::Json(out);
              }});
  router.Add({"POST", "/api/v1/bookings", Permission::kEditBookings, "booking.create",
              [s](ApiCall& c) { return CreateBooking(*s, c); }});
  router.Add({"GET", "/api/v1/bookings/{id}", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t id, IdParam(c, "id"));
                CONTROL_ASSIGN(auto booking, s->bookings->Get(id));
                return ApiReply::Json(BookingToJson(booking));
              }});
  router.Add({"PUT", "/api/v1/bookings/{id}", Permission::kEditBookings, "booking.update",
              [s](ApiCall& c) { return UpdateBooking(*s, c); }});
  router.Add({"DELETE", "/api/v1/bookings/{id}", Permission::kEditBookings, "booking.cancel",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t id, IdParam(c, "id"));
                c.audit_target = "booking " + std::to_string(id);
                CONTROL_ASSIGN(auto booking, s->bookings->Cancel(id));
                return ApiReply::Json(BookingToJson(booking));
              }});

  router.Add({"GET", "/api/v1/logbook", Permission::kView, "", [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto range, RangeQuery(*s, c, 31 * kDay));
                CONTROL_ASSIGN(auto limit, IntQuery(c, "limit", 1, 10'000));
                const std::string room = c.Query("room");
                CONTROL_ASSIGN(auto meetings, s->logbook->ListMeetings(range.from, range.to, room,
                                                                       static_cast<size_t>(limit.value_or(1000))));
                nlohmann::json out = nlohmann::json::array();
                for (const auto& m : meetings) out.push_back(MeetingJson(m));
                return ApiReply::Json(out);
              }});
  router.Add({"GET", "/api/v1/logbook/meetings/{id}", Permission::kView, "",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t id, IdParam(c, "id"));
                CONTROL_ASSIGN(auto log, s->logbook->GetMeeting(id));
                return ApiReply::Json(MeetingLogJson(log));
              }});
  router.Add({"POST", "/api/v1/logbook/meetings/{id}/notes", Permission::kWriteLogbook, "logbook.note",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(int64_t meeting, IdParam(c, "id"));
                c.audit_target = "meeting " + std::to_string(meeting);
                CONTROL_ASSIGN(auto body, BodyObject(c));
                JsonReader r(body);
                auto text = r.Text("text", Presence::kRequired, kMaxNotesChars, TextKind::kMultiline);
                CONTROL_TRY(r.Finish());
                CONTROL_ASSIGN(auto id, s->logbook->AddNote(meeting, c.user(), *text));
                return ApiReply::Json({{"id", id}}, 201);
              }});
  router.Add({"POST", "/api/v1/logbook/meetings/{id}/incidents", Permission::kWriteLogbook, "logbook.incident",
              [s](ApiCall& c) { return AddIncident(*s, c); }});

  router.Add({"GET", "/api/v1/reports/meetings", Permission::kView, "",
              [s](ApiCall& c) { return Report(*s, c, false); }});
  router.Add({"GET", "/api/v1/reports/availability", Permission::kView, "",
              [s](ApiCall& c) { return Report(*s, c, true); }});
  router.Add({"POST", "/api/v1/records/prune", Permission::kManageRecords, "records.prune_now",
              [s](ApiCall& c) -> ControlResult<ApiReply> {
                CONTROL_ASSIGN(auto report, s->pruner->Prune());
                c.audit_detail = std::to_string(report.audit_entries) + " audit entries, " +
                                 std::to_string(report.meetings) + " meetings";
                return ApiReply::Json({{"cutoff", FormatIsoTime(report.cutoff)},
                                       {"audit_entries", report.audit_entries},
                                       {"meetings", report.meetings},
                                       {"sessions", report.sessions}});
              }});
}

}  // namespace softmcu::control
