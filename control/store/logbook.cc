#include "control/store/logbook.h"

#include "control/unix_clock.h"

namespace softmcu::control {
namespace {

constexpr const char* kSelectMeeting =
    "SELECT id, room_number, booking_id, title, host_org, kind, started_at, ended_at FROM meetings";

MeetingRecord ReadMeetingRow(const Statement& s) {
  MeetingRecord m;
  m.id = s.Int(0);
  m.start.room_number = s.Text(1);
  m.start.booking_id = s.OptionalInt(2);
  m.start.title = s.Text(3);
  m.start.host_org = s.Text(4);
  m.start.kind = s.Text(5) == "test" ? MeetingKind::kTest : MeetingKind::kLive;
  m.started_at = s.Int(6);
  m.ended_at = s.OptionalInt(7);
  return m;
}

ControlResult<void> RequireMeeting(Connection& c, int64_t meeting_id) {
  CONTROL_ASSIGN(auto stmt, c.Prepare("SELECT 1 FROM meetings WHERE id = ?"));
  stmt.Bind(1, meeting_id);
  CONTROL_ASSIGN(bool row, stmt.Step());
  if (!row) return Fail(ErrorKind::kNotFound, "logbook.meeting_not_found", "", {{"id", std::to_string(meeting_id)}});
  return {};
}

PointRef ReadPointRef(const Statement& s, int column) {
  return PointRef{s.OptionalInt(column), s.Text(column + 1), s.Text(column + 2)};
}

}  // namespace

const char* ToString(MeetingKind kind) { return kind == MeetingKind::kTest ? "test" : "live"; }

const char* ToString(IncidentCause cause) {
  switch (cause) {
    case IncidentCause::kSipFailure: return "sip";
    case IncidentCause::kRtpTimeout: return "rtp_timeout";
    case IncidentCause::kHighLoss: return "high_loss";
    case IncidentCause::kReported: return "reported";
    case IncidentCause::kOther: return "other";
  }
  return "other";
}

std::optional<IncidentCause> ParseIncidentCause(std::string_view text) {
  for (auto cause : {IncidentCause::kSipFailure, IncidentCause::kRtpTimeout, IncidentCause::kHighLoss,
                     IncidentCause::kReported, IncidentCause::kOther}) {
    if (text == ToString(cause)) return cause;
  }
  return std::nullopt;
}

int64_t Logbook::Now(int64_t when) const { return when != 0 ? when : UnixSeconds(*clock_); }

ControlResult<int64_t> Logbook::StartMeeting(const MeetingStart& start, int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO meetings (room_number, booking_id, title, host_org, kind, "
                                        "started_at) VALUES (?, ?, ?, ?, ?, ?)"));
    CONTROL_TRY(stmt.Bind(1, start.room_number)
                    .Bind(2, start.booking_id)
                    .Bind(3, start.title)
                    .Bind(4, start.host_org)
                    .Bind(5, ToString(start.kind))
                    .Bind(6, now)
                    .Run());
    return c.LastInsertId();
  });
}

ControlResult<void> Logbook::EndMeeting(int64_t meeting_id, int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_TRY(RequireMeeting(c, meeting_id));
    CONTROL_ASSIGN(auto end, c.Prepare("UPDATE meetings SET ended_at = ? WHERE id = ? AND ended_at IS NULL"));
    CONTROL_TRY(end.Bind(1, now).Bind(2, meeting_id).Run());
    // Points still connected leave with the meeting.
    CONTROL_ASSIGN(auto leave, c.Prepare("UPDATE point_sessions SET left_at = ?, leave_cause = 'meeting ended' "
                                         "WHERE meeting_id = ? AND left_at IS NULL"));
    return leave.Bind(1, now).Bind(2, meeting_id).Run();
  });
}

ControlResult<int64_t> Logbook::PointJoined(int64_t meeting_id, const PointRef& point, int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_TRY(RequireMeeting(c, meeting_id));
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO point_sessions (meeting_id, point_id, point_name, uri, "
                                        "joined_at) VALUES (?, ?, ?, ?, ?)"));
    CONTROL_TRY(stmt.Bind(1, meeting_id).Bind(2, point.point_id).Bind(3, point.name).Bind(4, point.uri).Bind(5, now).Run());
    return c.LastInsertId();
  });
}

ControlResult<void> Logbook::PointLeft(int64_t session_id, std::string_view cause, int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_ASSIGN(auto stmt, c.Prepare("UPDATE point_sessions SET left_at = ?, leave_cause = ? "
                                        "WHERE id = ? AND left_at IS NULL"));
    CONTROL_TRY(stmt.Bind(1, now).Bind(2, cause).Bind(3, session_id).Run());
    if (c.Changes() == 0) {
      return Fail(ErrorKind::kNotFound, "logbook.session_not_found", "", {{"id", std::to_string(session_id)}});
    }
    return {};
  });
}

ControlResult<int64_t> Logbook::RecordIncident(int64_t meeting_id, const PointRef& point, IncidentCause cause,
                                               std::string_view detail, std::string_view reported_by, int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_TRY(RequireMeeting(c, meeting_id));
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO incidents (meeting_id, point_id, point_name, time, cause, "
                                        "detail, reported_by) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    CONTROL_TRY(stmt.Bind(1, meeting_id)
                    .Bind(2, point.point_id)
                    .Bind(3, point.name)
                    .Bind(4, now)
                    .Bind(5, ToString(cause))
                    .Bind(6, detail)
                    .Bind(7, reported_by)
                    .Run());
    return c.LastInsertId();
  });
}

ControlResult<void> Logbook::RecordQuality(int64_t meeting_id, const PointRef& point, const QualitySummary& q,
                                           int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<void> {
    CONTROL_TRY(RequireMeeting(c, meeting_id));
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO quality (meeting_id, point_id, point_name, time, loss_pct, "
                                        "jitter_ms, bitrate_kbps, freezes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    return stmt.Bind(1, meeting_id)
        .Bind(2, point.point_id)
        .Bind(3, point.name)
        .Bind(4, now)
        .Bind(5, q.loss_pct)
        .Bind(6, q.jitter_ms)
        .Bind(7, q.bitrate_kbps)
        .Bind(8, q.freezes)
        .Run();
  });
}

ControlResult<int64_t> Logbook::AddNote(int64_t meeting_id, std::string_view user, std::string_view text,
                                        int64_t when) {
  const int64_t now = Now(when);
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    CONTROL_TRY(RequireMeeting(c, meeting_id));
    CONTROL_ASSIGN(auto stmt, c.Prepare("INSERT INTO notes (meeting_id, time, user, text) VALUES (?, ?, ?, ?)"));
    CONTROL_TRY(stmt.Bind(1, meeting_id).Bind(2, now).Bind(3, user).Bind(4, text).Run());
    return c.LastInsertId();
  });
}

ControlResult<std::vector<MeetingRecord>> Logbook::ListMeetings(int64_t from, int64_t to, std::string_view room,
                                                                size_t limit) {
  return db_->Read([&](Connection& c) -> ControlResult<std::vector<MeetingRecord>> {
    std::string sql = std::string(kSelectMeeting) + " WHERE started_at >= ? AND started_at < ?";
    if (!room.empty()) sql += " AND room_number = ?";
    sql += " ORDER BY started_at DESC, id DESC LIMIT ?";
    CONTROL_ASSIGN(auto stmt, c.Prepare(sql));
    stmt.Bind(1, from).Bind(2, to);
    int index = 3;
    if (!room.empty()) stmt.Bind(index++, room);
    stmt.Bind(index++, static_cast<int64_t>(limit));
    std::vector<MeetingRecord> out;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      out.push_back(ReadMeetingRow(stmt));
    }
    return out;
  });
}

ControlResult<MeetingLog> Logbook::LoadLog(Connection& c, MeetingRecord meeting) {
  MeetingLog log;
  log.meeting = std::move(meeting);
  const int64_t id = log.meeting.id;
  CONTROL_ASSIGN(auto sessions, c.Prepare("SELECT id, point_id, point_name, uri, joined_at, left_at, leave_cause "
                                          "FROM point_sessions WHERE meeting_id = ? ORDER BY joined_at, id"));
  sessions.Bind(1, id);
  for (;;) {
    CONTROL_ASSIGN(bool row, sessions.Step());
    if (!row) break;
    log.sessions.push_back(PointSessionRecord{sessions.Int(0), id, ReadPointRef(sessions, 1), sessions.Int(4),
                                              sessions.OptionalInt(5), sessions.Text(6)});
  }
  CONTROL_ASSIGN(auto incidents, c.Prepare("SELECT id, point_id, point_name, '', time, cause, detail, reported_by "
                                           "FROM incidents WHERE meeting_id = ? ORDER BY time, id"));
  incidents.Bind(1, id);
  for (;;) {
    CONTROL_ASSIGN(bool row, incidents.Step());
    if (!row) break;
    log.incidents.push_back(IncidentRecord{incidents.Int(0), id, ReadPointRef(incidents, 1), incidents.Int(4),
                                           ParseIncidentCause(incidents.Text(5)).value_or(IncidentCause::kOther),
                                           incidents.Text(6), incidents.Text(7)});
  }
  CONTROL_ASSIGN(auto quality, c.Prepare("SELECT id, point_id, point_name, '', time, loss_pct, jitter_ms, "
                                         "bitrate_kbps, freezes FROM quality WHERE meeting_id = ? ORDER BY time, id"));
  quality.Bind(1, id);
  for (;;) {
    CONTROL_ASSIGN(bool row, quality.Step());
    if (!row) break;
    log.quality.push_back(QualityRecord{quality.Int(0), id, ReadPointRef(quality, 1), quality.Int(4),
                                        QualitySummary{quality.Double(5), quality.Double(6), quality.Double(7),
                                                       quality.Int(8)}});
  }
  CONTROL_ASSIGN(auto notes, c.Prepare("SELECT id, time, user, text FROM notes WHERE meeting_id = ? ORDER BY time, id"));
  notes.Bind(1, id);
  for (;;) {
    CONTROL_ASSIGN(bool row, notes.Step());
    if (!row) break;
    log.notes.push_back(NoteRecord{notes.Int(0), id, notes.Int(1), notes.Text(2), notes.Text(3)});
  }
  return log;
}

ControlResult<MeetingLog> Logbook::GetMeeting(int64_t meeting_id) {
  return db_->Read([&](Connection& c) -> ControlResult<MeetingLog> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectMeeting) + " WHERE id = ?"));
    stmt.Bind(1, meeting_id);
    CONTROL_ASSIGN(bool row, stmt.Step());
    if (!row) return Fail(ErrorKind::kNotFound, "logbook.meeting_not_found", "", {{"id", std::to_string(meeting_id)}});
    return LoadLog(c, ReadMeetingRow(stmt));
  });
}

ControlResult<std::vector<MeetingLog>> Logbook::LoadRange(int64_t from, int64_t to) {
  return db_->Read([&](Connection& c) -> ControlResult<std::vector<MeetingLog>> {
    CONTROL_ASSIGN(auto stmt, c.Prepare(std::string(kSelectMeeting) +
                                        " WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id"));
    stmt.Bind(1, from).Bind(2, to);
    std::vector<MeetingRecord> meetings;
    for (;;) {
      CONTROL_ASSIGN(bool row, stmt.Step());
      if (!row) break;
      meetings.push_back(ReadMeetingRow(stmt));
    }
    std::vector<MeetingLog> out;
    for (auto& m : meetings) {
      CONTROL_ASSIGN(auto log, LoadLog(c, std::move(m)));
      out.push_back(std::move(log));
    }
    return out;
  });
}

ControlResult<int64_t> Logbook::PruneBefore(int64_t cutoff) {
  return db_->Write([&](Connection& c) -> ControlResult<int64_t> {
    // A meeting never ended (the daemon died) counts from its start.
    CONTROL_ASSIGN(auto stmt, c.Prepare("DELETE FROM meetings WHERE COALESCE(ended_at, started_at) < ?"));
    CONTROL_TRY(stmt.Bind(1, cutoff).Run());
    return static_cast<int64_t>(c.Changes());
  });
}

}  // namespace softmcu::control
