#pragma once
// The logbook (Triệu Sơn art. 4.3; issue 7 "Logbook"): per meeting and bridge point, the
// join and leave times with the cause, incidents with their cause (SIP reason, RTP timeout,
// high loss, reported by phone), quality summaries (loss, jitter, bitrate, freezes) and the
// operators' notes. Tables meetings, point_sessions, incidents, quality, notes.
//
// The conference records through this class as things happen (from its control thread,
// never a media thread: each call is one durable transaction); operators add notes and
// incidents through the API. Rows copy the point's name and URI, so the record stays
// true after the address book changes. RecordPruner removes meetings that ended before
// the retention cutoff, with everything recorded under them.
//
// Thread-safe (through Database). Errors: logbook.meeting_not_found (404),
// logbook.session_not_found (404).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/control_error.h"
#include "control/store/database.h"
#include "core/clock.h"

namespace softmcu::control {

enum class MeetingKind { kTest, kLive };
const char* ToString(MeetingKind kind);

enum class IncidentCause {
  kSipFailure,  // a SIP error or BYE with a reason (detail: "503 Service Unavailable")
  kRtpTimeout,  // no media for the timeout
  kHighLoss,    // loss above the alarm threshold
  kReported,    // reported to the operator (phone, e-mail), entered by hand
  kOther,
};
const char* ToString(IncidentCause cause);
std::optional<IncidentCause> ParseIncidentCause(std::string_view text);

// Who a row is about. `point_id` is empty for a caller not in the address book.
struct PointRef {
  std::optional<int64_t> point_id;
  std::string name;
  std::string uri;
};

struct QualitySummary {
  double loss_pct = 0;
  double jitter_ms = 0;
  double bitrate_kbps = 0;
  int64_t freezes = 0;
};

struct MeetingStart {
  std::string room_number;
  std::optional<int64_t> booking_id;
  std::string title;
  std::string host_org;
  MeetingKind kind = MeetingKind::kLive;
};

struct MeetingRecord {
  int64_t id = 0;
  MeetingStart start;
  int64_t started_at = 0;
  std::optional<int64_t> ended_at;
};

struct PointSessionRecord {
  int64_t id = 0;
  int64_t meeting_id = 0;
  PointRef point;
  int64_t joined_at = 0;
  std::optional<int64_t> left_at;
  std::string leave_cause;
};

struct IncidentRecord {
  int64_t id = 0;
  int64_t meeting_id = 0;
  PointRef point;
  int64_t time = 0;
  IncidentCause cause = IncidentCause::kOther;
  std::string detail;
  std::string reported_by;
};

struct QualityRecord {
  int64_t id = 0;
  int64_t meeting_id = 0;
  PointRef point;
  int64_t time = 0;
  QualitySummary summary;
};

struct NoteRecord {
  int64_t id = 0;
  int64_t meeting_id = 0;
  int64_t time = 0;
  std::string user;
  std::string text;
};

// One meeting with everything recorded under it.
struct MeetingLog {
  MeetingRecord meeting;
  std::vector<PointSessionRecord> sessions;
  std::vector<IncidentRecord> incidents;
  std::vector<QualityRecord> quality;
  std::vector<NoteRecord> notes;
};

class Logbook {
 public:
  Logbook(Database* db, const Clock* clock) : db_(db), clock_(clock) {}

  // `when` = 0 means now (the clock's Unix time).
  ControlResult<int64_t> StartMeeting(const MeetingStart& start, int64_t when = 0);
  ControlResult<void> EndMeeting(int64_t meeting_id, int64_t when = 0);
  // Returns the session id that PointLeft takes.
  ControlResult<int64_t> PointJoined(int64_t meeting_id, const PointRef& point, int64_t when = 0);
  ControlResult<void> PointLeft(int64_t session_id, std::string_view cause, int64_t when = 0);
  ControlResult<int64_t> RecordIncident(int64_t meeting_id, const PointRef& point, IncidentCause cause,
                                        std::string_view detail, std::string_view reported_by, int64_t when = 0);
  ControlResult<void> RecordQuality(int64_t meeting_id, const PointRef& point, const QualitySummary& summary,
                                    int64_t when = 0);
  ControlResult<int64_t> AddNote(int64_t meeting_id, std::string_view user, std::string_view text, int64_t when = 0);

  // Meetings that started in [from, to), optionally of one room, newest first.
  ControlResult<std::vector<MeetingRecord>> ListMeetings(int64_t from, int64_t to, std::string_view room = {},
                                                         size_t limit = 1000);
  ControlResult<MeetingLog> GetMeeting(int64_t meeting_id);
  // Every meeting that started in [from, to), with its records (for reports).
  ControlResult<std::vector<MeetingLog>> LoadRange(int64_t from, int64_t to);

  // Deletes meetings that ended before `cutoff` and all their rows; returns how many meetings.
  ControlResult<int64_t> PruneBefore(int64_t cutoff);

 private:
  int64_t Now(int64_t when) const;
  static ControlResult<MeetingLog> LoadLog(Connection& c, MeetingRecord meeting);

  Database* const db_;
  const Clock* const clock_;
};

}  // namespace softmcu::control
