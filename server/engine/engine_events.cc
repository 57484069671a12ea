#include "server/engine/engine_events.h"

#include <algorithm>
#include <future>

#include <spdlog/spdlog.h>

#include "control/live/live_json.h"
#include "server/engine/live_conversions.h"

namespace softmcu {

EngineEvents::EngineEvents(control::EventHub* hub, control::AuditLog* audit, MeetingBook* meetings,
                           const Clock* engine_clock, const Clock* unix_clock)
    : hub_(hub), audit_(audit), meetings_(meetings), engine_clock_(engine_clock), unix_clock_(unix_clock) {}

EngineEvents::~EngineEvents() { Stop(); }

void EngineEvents::SetEngine(ConferenceManager* manager, CallController* calls) {
  manager_ = manager;
  calls_ = calls;
}

void EngineEvents::Start() {
  loop().Post([this] { stats_timer_ = loop().Every(TimeDelta::Seconds(1), [this] { PublishStats(); }); });
}

void EngineEvents::Stop() {
  std::promise<void> done;
  auto future = done.get_future();
  loop().Post([this, &done] {
    stats_timer_.reset();
    done.set_value();
  });
  future.wait_for(std::chrono::seconds(5));
}

void EngineEvents::OnParticipantUpdated(std::string_view room, const ParticipantSnapshot& participant) {
  loop().Post([this, room = std::string(room), participant] {
    meetings_->OnParticipant(room, participant);
    const TimeBridge time{engine_clock_->Now(), unix_clock_->Now().us() / 1'000'000};
    RoomPhase phase = RoomPhase::kLive;
    if (auto m = meetings_->Current(room); m && m->kind == control::MeetingKind::kTest) phase = RoomPhase::kTestRun;
    hub_->PublishJson("participant", room, control::ParticipantToJson(ToLive(participant, phase, time)));
    PublishFloor(room);
  });
}

void EngineEvents::OnParticipantRemoved(std::string_view room, ParticipantId id, std::string_view reason) {
  loop().Post([this, room = std::string(room), id, reason = std::string(reason)] {
    meetings_->OnParticipantRemoved(room, id, reason);
    hub_->PublishJson("participant_left", room, nlohmann::json{{"id", id}, {"reason", reason}});
  });
}

void EngineEvents::OnFloorEvent(std::string_view room, const FloorEvent&) {
  loop().Post([this, room = std::string(room)] { PublishFloor(room); });
}

void EngineEvents::PublishFloor(const std::string& room) {
  ConferenceManager* manager = manager_.load();
  if (manager == nullptr) return;
  auto snapshot = manager->Run<RoomSnapshot>(room, [](Room& r) -> Result<RoomSnapshot> { return r.Snapshot(); });
  if (!snapshot) return;
  const TimeBridge time{engine_clock_->Now(), unix_clock_->Now().us() / 1'000'000};
  hub_->PublishJson("floor", room, control::FloorToJson(ToLiveFloor(*snapshot, time)));
}

void EngineEvents::OnLevels(std::string_view room, std::span<const SpeakerLevel> levels) {
  // Rooms report levels every 10 audio ticks (5 a second), a pace consoles follow well.
  // Copy the few levels and build the JSON on the events thread, not on the media loop.
  loop().Post([this, room = std::string(room), copy = std::vector<SpeakerLevel>(levels.begin(), levels.end())] {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : copy) list.push_back({{"id", l.participant}, {"dbov", -static_cast<int>(l.level)}});
    hub_->PublishJson("audio_levels", room, nlohmann::json{{"levels", std::move(list)}});
  });
}

void EngineEvents::OnTestReport(std::string_view room, const ParticipantSnapshot& participant) {
  loop().Post([this, room = std::string(room), participant] { meetings_->OnQuality(room, participant); });
}

void EngineEvents::OnMediaLost(std::string_view room, ParticipantId id) {
  if (CallController* calls = calls_.load()) calls->OnMediaLost(room, id);
}

void EngineEvents::OnBandwidthWanted(std::string_view room, ParticipantId id, int64_t kbps) {
  if (CallController* calls = calls_.load()) calls->RequestBandwidth(room, id, kbps);
}

void EngineEvents::OnHangupWanted(std::string_view room, ParticipantId id, std::string_view reason) {
  // Disconnect waits for the signalling loop: not on a media loop.
  loop().Post([this, room = std::string(room), id, reason = std::string(reason)] {
    if (CallController* calls = calls_.load()) calls->OnHangupWanted(room, id, reason);
  });
}

void EngineEvents::OnCallRefused(const CallRefusal& refusal) {
  // Security refusals reach the audit log through the SIP stack's security event (below);
  // the rest (unknown room, capacity, 488) are the caller's trouble, kept in the log.
  if (refusal.security) return;
  spdlog::debug("refused {} from {}: {} {}", refusal.room, refusal.source, refusal.sip_status, refusal.reason);
}

void EngineEvents::OnCallIncident(const CallIncident& incident, double redial_in_s) {
  loop().Post([this, incident, redial_in_s] {
    const auto cause = incident.rtp_timeout ? control::IncidentCause::kRtpTimeout : control::IncidentCause::kSipFailure;
    std::string detail = incident.detail;
    if (redial_in_s > 0) detail += fmt::format("; redial in {:.0f} s", redial_in_s);
    meetings_->OnIncident(incident.room, incident.participant, cause, detail);
    hub_->PublishJson("incident", incident.room,
                      nlohmann::json{{"id", incident.participant}, {"cause", control::ToString(cause)},
                                     {"detail", detail}, {"redial_in_s", redial_in_s}});
  });
}

void EngineEvents::OnSipSecurityEvent(const sip::SecurityEvent& event) {
  std::string action = event.kind == sip::SecurityEventKind::kPolicyRejection
                           ? "sip.source_rejected"
                           : "sip." + std::string(sip::ToString(event.kind));
  std::replace(action.begin(), action.end(), '-', '_');
  loop().Post([this, action = std::move(action), source = event.source.HostPort(),
               user = event.user, detail = event.detail] {
    audit_->RecordSecurityEvent(action, source, user.empty() ? "" : "sip:" + user, detail);
  });
}

void EngineEvents::PublishStats() {
  ConferenceManager* manager = manager_.load();
  if (manager == nullptr) return;
  const TimeBridge time{engine_clock_->Now(), unix_clock_->Now().us() / 1'000'000};
  for (const auto& room : manager->OpenRooms()) {
    auto snapshot = manager->Run<RoomSnapshot>(room, [](Room& r) -> Result<RoomSnapshot> { return r.Snapshot(); });
    if (!snapshot || snapshot->participants.empty()) continue;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : snapshot->participants) {
      list.push_back({{"id", p.id}, {"stats", control::StatsToJson(ToLive(p, snapshot->phase, time).stats)}});
    }
    hub_->PublishJson("stats", room, nlohmann::json{{"participants", std::move(list)}});
  }
}

}  // namespace softmcu
