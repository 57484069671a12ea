#include "server/engine/meeting_book.h"

#include <spdlog/spdlog.h>

namespace softmcu {

namespace {
control::PointRef RefOf(const ParticipantSnapshot& p) {
  return control::PointRef{.point_id = p.info.point_id, .name = p.info.name, .uri = p.info.uri};
}
}  // namespace

Result<int64_t> MeetingBook::Start(std::string_view room, control::MeetingKind kind, std::optional<int64_t> booking_id,
                                   std::string title, std::string host_org, bool unscheduled) {
  std::lock_guard lock(mutex_);
  RoomBook& book = rooms_[std::string(room)];
  EndLocked(book);
  auto id = logbook_->StartMeeting(control::MeetingStart{.room_number = std::string(room), .booking_id = booking_id,
                                                         .title = std::move(title), .host_org = std::move(host_org),
                                                         .kind = kind});
  if (!id) return MakeError(ErrorCode::kUnavailable, "logbook: " + id.error().code);
  book.meeting = RunningMeeting{.id = *id, .kind = kind, .booking_id = booking_id, .unscheduled = unscheduled};
  // Points already in the room are in this meeting from now.
  for (auto& [pid, session] : book.sessions) {
    if (auto s = logbook_->PointJoined(*id, session.point)) session.session_id = *s;
  }
  spdlog::info("room {}: meeting {} started ({})", room, *id, control::ToString(kind));
  return *id;
}

void MeetingBook::Adopt(std::string_view room, RunningMeeting meeting) {
  std::lock_guard lock(mutex_);
  rooms_[std::string(room)].meeting = meeting;
}

void MeetingBook::EndLocked(RoomBook& book) {
  if (!book.meeting) return;
  for (auto& [pid, session] : book.sessions) {
    if (session.session_id) (void)logbook_->PointLeft(*session.session_id, "meeting ended");
    session.session_id.reset();
  }
  (void)logbook_->EndMeeting(book.meeting->id);
  book.meeting.reset();
}

void MeetingBook::End(std::string_view room) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  EndLocked(it->second);
}

std::optional<RunningMeeting> MeetingBook::Current(std::string_view room) const {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(room);
  return it == rooms_.end() ? std::nullopt : it->second.meeting;
}

void MeetingBook::OnParticipant(std::string_view room, const ParticipantSnapshot& p) {
  std::lock_guard lock(mutex_);
  RoomBook& book = rooms_[std::string(room)];
  Session& session = book.sessions[p.id];
  session.point = RefOf(p);
  if (p.state != ParticipantState::kConnected || session.session_id) return;
  if (!book.meeting) {
    auto id = logbook_->StartMeeting(control::MeetingStart{.room_number = std::string(room),
                                                           .title = "Cuộc họp không đặt lịch",
                                                           .kind = control::MeetingKind::kLive});
    if (!id) return;
    book.meeting = RunningMeeting{.id = *id, .unscheduled = true};
    spdlog::info("room {}: unscheduled meeting {} started by {}'s call", room, *id, p.info.name);
  }
  if (auto s = logbook_->PointJoined(book.meeting->id, session.point)) session.session_id = *s;
}

void MeetingBook::OnParticipantRemoved(std::string_view room, ParticipantId id, std::string_view reason) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  RoomBook& book = it->second;
  auto s = book.sessions.find(id);
  if (s == book.sessions.end()) return;
  if (s->second.session_id) (void)logbook_->PointLeft(*s->second.session_id, reason);
  book.sessions.erase(s);
  if (book.meeting && book.meeting->unscheduled && book.sessions.empty()) EndLocked(book);
}

void MeetingBook::OnIncident(std::string_view room, ParticipantId id, control::IncidentCause cause,
                             std::string_view detail) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(room);
  if (it == rooms_.end() || !it->second.meeting) return;
  control::PointRef point;
  if (auto s = it->second.sessions.find(id); s != it->second.sessions.end()) point = s->second.point;
  (void)logbook_->RecordIncident(it->second.meeting->id, point, cause, detail, "softmcu");
}

void MeetingBook::OnQuality(std::string_view room, const ParticipantSnapshot& p) {
  std::lock_guard lock(mutex_);
  auto it = rooms_.find(room);
  if (it == rooms_.end() || !it->second.meeting) return;
  (void)logbook_->RecordQuality(it->second.meeting->id, RefOf(p),
                                control::QualitySummary{.loss_pct = p.stats.loss_percent,
                                                        .jitter_ms = p.stats.jitter_ms,
                                                        .bitrate_kbps = p.stats.receive_kbps,
                                                        .freezes = static_cast<int64_t>(p.stats.broken_frames)});
}

}  // namespace softmcu
