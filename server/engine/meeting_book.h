#pragma once
// Which meeting each room is holding, and the logbook rows that follow from the engine's
// events: a meeting starts when the operator (or a booking) starts it — or, for a call
// into an idle room, when its first point connects ("unscheduled", ended when the last
// one leaves); each point's join and leave, incidents and test-run quality go under it.
//
// Threading: thread-safe (one mutex; the logbook is a SQLite store and may block briefly,
// so callers are the daemon's event thread and the HTTP workers, never a media loop).

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "conference/room/participant_info.h"
#include "control/store/logbook.h"

namespace softmcu {

struct RunningMeeting {
  int64_t id = 0;
  control::MeetingKind kind = control::MeetingKind::kLive;
  std::optional<int64_t> booking_id;
  bool unscheduled = false;  // opened by a call into an idle room
};

class MeetingBook {
 public:
  explicit MeetingBook(control::Logbook* logbook) : logbook_(logbook) {}

  // Ends the room's running meeting first, if any. Returns the meeting id.
  Result<int64_t> Start(std::string_view room, control::MeetingKind kind, std::optional<int64_t> booking_id,
                        std::string title, std::string host_org = {}, bool unscheduled = false);
  // After a restart: the meeting the logbook says was running.
  void Adopt(std::string_view room, RunningMeeting meeting);
  void End(std::string_view room);
  std::optional<RunningMeeting> Current(std::string_view room) const;

  void OnParticipant(std::string_view room, const ParticipantSnapshot& participant);
  void OnParticipantRemoved(std::string_view room, ParticipantId id, std::string_view reason);
  void OnIncident(std::string_view room, ParticipantId id, control::IncidentCause cause, std::string_view detail);
  void OnQuality(std::string_view room, const ParticipantSnapshot& participant);

 private:
  struct Session {
    control::PointRef point;
    std::optional<int64_t> session_id;  // logbook row once connected
  };
  struct RoomBook {
    std::optional<RunningMeeting> meeting;
    std::map<ParticipantId, Session> sessions;
  };
  void EndLocked(RoomBook& book);

  control::Logbook* const logbook_;
  mutable std::mutex mutex_;
  std::map<std::string, RoomBook, std::less<>> rooms_;  // guarded by mutex_
};

}  // namespace softmcu
