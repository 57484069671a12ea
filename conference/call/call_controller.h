#pragma once
// Call control: the bridge between SIP calls and the rooms. It decides who may join
// (allow lists, room numbers, capacity, SRTP policy), answers and places calls with the
// media of the conference engine, and keeps the meeting together when calls drop:
//
//   INVITE sip:1000@mcu ──► source allowed? (403, security event) ─► room exists? (404)
//     ─► calls below max_calls? (503 Retry-After) ─► room open (opened on demand)
//     ─► AddParticipant (full: 503, locked: 480) ─► AnswerOffer (488 with the reason)
//     ─► StartMedia on the worker owning the sockets ─► 200 OK with our answer
//   Dial(room, point) ─► AddParticipant (ringing) ─► CreateOffer ─► INVITE (retries, backoff)
//     ─► 200 OK ─► AcceptAnswer ─► StartMedia ─► connected
//   BYE from the network side, session-timer expiry, no ACK, transport failure, or no RTP
//     for the media timeout ─► the point is "lost" and redialled with backoff (RedialPolicy)
//     while its room is open; an anonymous caller (not in the address book) just leaves.
//
// A point that drops is redialled at the URI the address book gives (or the one it was
// dialled at); the operator's Disconnect stops that. Every refusal and drop is reported to
// the CallControllerObserver (audit log, logbook incidents).
//
// Threading: all state lives on the signalling loop (the SipStack's), where the SIP
// callbacks arrive. The public methods may be called from any thread: they post to that
// loop and, where they return a result, wait for it (bounded by `api_timeout`). Room
// operations go through ConferenceManager::Run (rooms never wait on this loop, so the
// signalling thread may wait on them).
//
// Ownership: borrows the loop, manager, directory, observer and clock (they outlive it);
// the stack is set once with SetStack before Start.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conference/call/call_controller_observer.h"
#include "conference/call/call_directory.h"
#include "conference/call/redial_backoff.h"
#include "conference/manager/conference_manager.h"
#include "core/event_loop.h"
#include "core/metrics.h"
#include "core/result.h"
#include "signaling/sdp/media_capabilities.h"
#include "signaling/sip_stack.h"

namespace softmcu {

struct CallControllerConfig {
  sdp::MediaCapabilities caps;                       // per call: SRTP policy and budget set
  DataRate default_bandwidth = DataRate::KilobitsPerSec(4000);  // a caller not in the book
  size_t max_calls = 500;                            // over this: 503 with Retry-After
  uint32_t busy_retry_after_seconds = 30;
  int dialout_retries = 3;                           // SIP-level retries of one dial-out
  TimeDelta dialout_backoff = TimeDelta::Seconds(5);
  TimeDelta answer_timeout = TimeDelta::Seconds(60);
  RedialPolicy redial;
  std::string display_name = "softmcu";              // our From on dial-out
  TimeDelta api_timeout = TimeDelta::Seconds(5);
  // softmcu_sip_calls, softmcu_calls_refused_total, softmcu_redials_total; null: none.
  MetricsRegistry* metrics = nullptr;
};

// Whom the operator dials: an address-book point, or a bare SIP URI.
struct DialRequest {
  std::optional<int64_t> point_id;
  std::string uri;
  // A point that was in the meeting (restored after a restart): a failed call is retried
  // like a redial instead of removing it.
  bool keep_trying = false;
  // `point_id` may be any point of the address book, not only a member of the room.
  bool guest = false;
};

struct CallControllerStats {
  size_t calls = 0;            // legs with a SIP call in progress or up
  size_t pending_redials = 0;
  uint64_t refused = 0;
  uint64_t redials = 0;
};

class CallController final : public sip::SipCallListener, public sip::SipMidCallListener {
 public:
  CallController(CallControllerConfig config, EventLoop* signalling_loop, ConferenceManager* manager,
                 CallDirectory* directory, CallControllerObserver* observer, const Clock* clock);
  ~CallController();
  CallController(const CallController&) = delete;
  CallController& operator=(const CallController&) = delete;

  void SetStack(sip::SipStack* stack) { stack_ = stack; }
  // Starts the redial timer (posted to the loop).
  void Start();
  // Ends every call (BYE/CANCEL) and forgets pending redials; waits for the loop.
  void Stop();

  // Opens the room from the directory if it is not open yet. kNotFound for an unknown room.
  Result<void> EnsureRoomOpen(std::string_view number);
  // Thread-safe. Returns the participant's id (it shows as ringing at once).
  Result<ParticipantId> Dial(std::string_view room, const DialRequest& request);
  // Dials every member point of the room that is not in it yet; the ids dialled.
  // `guests`: address-book points to call as well though not members (a booking's points).
  Result<std::vector<ParticipantId>> DialMembers(std::string_view room, bool keep_trying = false,
                                                 std::vector<int64_t> guests = {});
  // Hangs up and removes the participant; no redial follows.
  Result<void> Disconnect(std::string_view room, ParticipantId id);
  // Disconnects everyone in the room (the meeting ended).
  Result<void> DisconnectAll(std::string_view room);
  // From the ConferenceListener (any thread).
  void OnMediaLost(std::string_view room, ParticipantId id);
  // Asks the point for `kbps` of video (0: the SDP's full rate) by re-INVITE with b=TIAS
  // and b=AS on the video line, keys, ports and codecs unchanged (any thread).
  void RequestBandwidth(std::string_view room, ParticipantId id, int64_t kbps);
  void OnHangupWanted(std::string_view room, ParticipantId id, std::string_view reason);

  CallControllerStats stats();

  // sip::SipCallListener
  void OnSipIncomingCall(const sip::IncomingCall& call) override;
  void OnSipCallAnswered(sip::CallHandle call, const sdp::SessionDescription& answer) override;
  void OnSipCallTerminated(sip::CallHandle call, const sip::CallEnd& end) override;
  // sip::SipMidCallListener
  void OnSipCallReInvite(sip::CallHandle call, const std::optional<sdp::SessionDescription>& offer) override;
  void OnSipCallReInviteResult(sip::CallHandle call, const sip::ReInviteResult& result) override;
  void OnSipCallKeyframeRequest(sip::CallHandle call) override;
  void OnSipCallDtmf(sip::CallHandle call, const sip::DtmfKey& key) override;

 private:
  enum class LegPhase { kInviting, kStartingMedia, kUp, kEnding };
  // One SIP call of a participant (a participant has at most one at a time).
  struct Leg {
    std::string room;
    ParticipantId participant = 0;
    sip::CallHandle call;
    bool dial_out = false;
    bool redial_allowed = false;  // an address-book point, or a URI the operator dialled
    bool redial = false;          // this call is a redial of a lost point
    std::string uri;              // where to call it again
    std::string name;
    DataRate bandwidth;
    sdp::MediaCapabilities caps;
    LegPhase phase = LegPhase::kInviting;
    std::optional<PendingOffer> pending;      // our offer, until the answer comes
    std::optional<sdp::SessionDescription> local;  // the SDP we sent last (re-INVITE answers)
    std::optional<sdp::SessionDescription> remote;  // the peer's SDP the media was built from
    std::string peer;                         // source or target, for logs
  };
  struct Redial {
    std::string uri;
    std::string name;
    DataRate bandwidth;
    sdp::MediaCapabilities caps;
    int attempt = 0;
    Timestamp due;
  };
  using Key = std::pair<std::string, ParticipantId>;

  template <typename T>
  Result<T> OnLoop(std::function<Result<T>()> fn);
  Result<void> OpenFromDirectory(std::string_view number);
  Result<ParticipantId> DialOnLoop(const std::string& room, const DialRequest& request);
  Result<void> PlaceLeg(Leg leg);
  void StartLegMedia(Leg& leg, CallMedia media, std::optional<sdp::SessionDescription> answer);
  void OnMediaStarted(uint64_t handle, Result<void> started, std::optional<sdp::SessionDescription> answer);
  void Refuse(const sip::IncomingCall& call, int status, std::string reason, std::string detail, bool security,
              std::optional<uint32_t> retry_after = std::nullopt);
  void LegLost(const Leg& leg, CallIncident incident);
  void ScheduleRedial(const Leg& leg, int attempt);
  void RedialDue();
  Leg* LegOf(const Key& key);
  sdp::MediaCapabilities CapsFor(bool srtp_required, DataRate bandwidth) const;
  void RemoveFromRoom(const std::string& room, ParticipantId id, std::string reason);
  void CountCalls() {
    if (calls_gauge_ != nullptr) calls_gauge_->Set(static_cast<double>(legs_.size()));
  }

  const CallControllerConfig config_;
  EventLoop* const loop_;
  ConferenceManager* const manager_;
  CallDirectory* const directory_;
  CallControllerObserver* const observer_;
  const Clock* const clock_;
  sip::SipStack* stack_ = nullptr;

  // Signalling loop only.
  std::map<uint64_t, Leg> legs_;      // by call handle
  std::map<Key, uint64_t> by_participant_;
  std::map<Key, Redial> redials_;
  std::unique_ptr<EventLoop::RepeatingTask> redial_timer_;
  CallControllerStats stats_;
  bool stopped_ = false;
  Gauge* calls_gauge_ = nullptr;
  Counter* refused_counter_ = nullptr;
  Counter* redials_counter_ = nullptr;
};

}  // namespace softmcu
