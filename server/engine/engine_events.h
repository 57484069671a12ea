#pragma once
// Where the engine's events go: the console's event stream (EventHub), the logbook
// (MeetingBook), the audit log (refused calls, SIP security events) and back to call
// control (media lost, hang-up wanted).
//
// Events arrive on media loops and the signalling loop, which must not block: every
// handler posts to this class's own "events" thread, which may wait on rooms
// (ConferenceManager::Run) and write SQLite. It also publishes each open room's statistics
// once a second. Audio levels go out as the rooms report them, 5 per second per room.
//
// Ownership: owns its thread; borrows the hub, audit log, meeting book and manager. The
// call controller is set after construction (it needs the listener first).

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "conference/call/call_controller.h"
#include "conference/manager/conference_listener.h"
#include "control/live/event_hub.h"
#include "control/store/audit_log.h"
#include "core/event_loop.h"
#include "server/engine/meeting_book.h"
#include "signaling/policy/security_event.h"

namespace softmcu {

class EngineEvents final : public ConferenceListener, public CallControllerObserver, public sip::SipSecurityListener {
 public:
  EngineEvents(control::EventHub* hub, control::AuditLog* audit, MeetingBook* meetings, const Clock* engine_clock,
               const Clock* unix_clock);
  ~EngineEvents();

  void SetEngine(ConferenceManager* manager, CallController* calls);
  // Starts the once-a-second statistics; Stop() before the manager goes away.
  void Start();
  void Stop();
  EventLoop& loop() { return thread_.loop(); }

  // ConferenceListener
  void OnParticipantUpdated(std::string_view room, const ParticipantSnapshot& participant) override;
  void OnParticipantRemoved(std::string_view room, ParticipantId id, std::string_view reason) override;
  void OnFloorEvent(std::string_view room, const FloorEvent& event) override;
  void OnLevels(std::string_view room, std::span<const SpeakerLevel> levels) override;
  void OnTestReport(std::string_view room, const ParticipantSnapshot& participant) override;
  void OnMediaLost(std::string_view room, ParticipantId id) override;
  void OnBandwidthWanted(std::string_view room, ParticipantId id, int64_t kbps) override;
  void OnHangupWanted(std::string_view room, ParticipantId id, std::string_view reason) override;
  // CallControllerObserver
  void OnCallRefused(const CallRefusal& refusal) override;
  void OnCallIncident(const CallIncident& incident, double redial_in_s) override;
  // sip::SipSecurityListener
  void OnSipSecurityEvent(const sip::SecurityEvent& event) override;

 private:
  void PublishStats();
  void PublishFloor(const std::string& room);

  control::EventHub* const hub_;
  control::AuditLog* const audit_;
  MeetingBook* const meetings_;
  const Clock* const engine_clock_;
  const Clock* const unix_clock_;
  // Set by the daemon; read by media loops (calls_) and the events thread.
  std::atomic<ConferenceManager*> manager_{nullptr};
  std::atomic<CallController*> calls_{nullptr};
  EventLoopThread thread_{"events"};
  std::unique_ptr<EventLoop::RepeatingTask> stats_timer_;
};

}  // namespace softmcu
