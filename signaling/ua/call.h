#pragma once
// One call: the INVITE session of one bridge point, placed by us or by it, from the first
// INVITE to the last BYE (RFC 3261 §13-§15, RFC 3264, RFC 4028).
//
// States (transitions in Call::SetState and the handlers below):
//
//   incoming:  kIncomingPending ──Accept──► kAwaitingAck ──ACK──► kConfirmed
//                  │ Reject/Challenge/CANCEL/timeout                   │
//   outgoing:  kCalling ──1xx──► kRinging ──2xx (ACK sent)──────────────┤
//                  │ failure: retry after backoff, or end              │ BYE either way,
//                  └ Hangup: CANCEL once a 1xx came (§9.1)              │ session timer,
//                                                                       ▼ 408/481 in-dialog
//                                                                 (ended, lingering)
//
// Inside kConfirmed one offer/answer exchange runs at a time: ours (SendReInvite, or a
// session refresh) or the peer's (re-INVITE/UPDATE, answered by the conference or — when
// the SDP version did not change — by us). A second local offer waits for the first; a
// peer's offer during ours gets 491 (glare, §14.2) and ours is retried after the random
// wait of §14.1.
//
// The conference hears exactly one OnSipCallTerminated. After it the call lingers for
// 64·T1 to finish its transactions (BYE, CANCEL, 2xx retransmissions) and is deleted.
//
// Owned by the SipUserAgent; talks to it through CallHost. Threading: the signalling loop.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/timer_queue.h"
#include "signaling/dialog/dialog.h"
#include "signaling/dialog/local_sdp_versions.h"
#include "signaling/dialog/session_timer.h"
#include "signaling/sdp/session_description.h"
#include "signaling/ua/call_host.h"
#include "signaling/ua/call_types.h"
#include "signaling/ua/success_retransmitter.h"

namespace softmcu::sip {

class Call {
 public:
  enum class State { kIncomingPending, kCalling, kRinging, kAwaitingAck, kConfirmed };
  using PingDone = std::function<void(int status, TimeDelta rtt)>;

  // An INVITE the user agent has vetted (SDP parsed, session timer acceptable).
  Call(CallHandle handle, CallHost* host, TransactionId invite_transaction, IncomingMessage invite,
       std::optional<sdp::SessionDescription> offer, SessionTimerNegotiation::UasResult session);
  // A call we place; Start() sends the INVITE.
  Call(CallHandle handle, CallHost* host, std::string target_uri, sdp::SessionDescription offer,
       PlaceCallOptions options);
  ~Call();
  Call(const Call&) = delete;
  Call& operator=(const Call&) = delete;

  // Incoming: arms the ringing and answer timers. Outgoing: sends the first INVITE.
  void Start();

  // The conference's answers and requests.
  void Accept(const sdp::SessionDescription& sdp);
  void Reject(const RejectOptions& options);
  void Challenge(const std::vector<std::string>& www_authenticate);
  void Hangup(std::string_view reason);
  void SendReInvite(const sdp::SessionDescription& offer);
  void AnswerReInvite(const sdp::SessionDescription& answer);
  void RejectReInvite(int status, std::string_view reason);
  void SendInfo(std::string_view content_type, std::string_view body);
  void RequestKeyframe();
  void Ping(PingDone done);

  // Messages the user agent routed here.
  void OnResponse(TransactionId transaction, const IncomingMessage& response);
  void OnTransactionFailure(TransactionId transaction, TransactionFailure failure);
  void OnStray2xx(const IncomingMessage& response);
  void OnAck(const IncomingMessage& ack);
  // A CANCEL for our INVITE server transaction (the user agent answers the CANCEL itself).
  void OnCancel(TransactionId invite_transaction);
  void OnInDialogRequest(TransactionId transaction, const IncomingMessage& request);
  // The stack stops: BYE if established, end with kShutdown.
  void Shutdown();

  CallHandle handle() const { return handle_; }
  State state() const { return state_; }
  bool incoming() const { return incoming_; }
  const Dialog* dialog() const { return dialog_ ? &*dialog_ : nullptr; }
  TransactionId invite_transaction() const { return invite_transaction_; }
  // The peer's address, the target, for log lines.
  const std::string& log_name() const { return log_name_; }

 private:
  enum class Purpose { kInvite, kCancel, kAck, kBye, kReInvite, kRefresh, kInfo, kOptions };
  struct PendingLocalOffer {
    TransactionId transaction = 0;
    sdp::SessionDescription sdp;
    Purpose purpose = Purpose::kReInvite;
    bool via_update = false;
  };
  struct PendingRemoteOffer {
    TransactionId transaction = 0;
    bool is_invite = true;
    bool has_offer = true;
    std::optional<SessionInterval> session;
    HeaderList session_headers;
    std::optional<sdp::SessionDescription> offer;
  };

  void SetState(State state);
  void End(TerminationReason reason, int status, std::string detail);
  bool ended() const { return ended_; }

  // Outgoing setup.
  enum class Attempt { kNew, kSameDialog };  // a retry after failure, or after 401/407/422
  void SendInvite(Attempt attempt, std::optional<std::pair<std::string, std::string>> authorization);
  void OnRingTimeout();
  void OnNoAck();
  void OnInviteResponse(const IncomingMessage& response);
  void OnInvite2xx(const IncomingMessage& response);
  void OnInviteFailure(int status, std::string reason);
  bool RetryAfterChallenge(const IncomingMessage& response);
  bool MaybeRetry(int status);
  void SendCancel();
  void SendAck(uint32_t cseq, TransportKind kind);

  // Incoming setup.
  std::optional<SipMessage> Respond(TransactionId transaction, int status, std::string_view reason,
                                   HeaderList headers = {}, std::string_view sdp = {});
  void SendRinging();

  // In-dialog.
  TransactionId SendInDialog(std::string_view method, Purpose purpose, HeaderList headers = {},
                             std::string_view content_type = {}, std::string_view body = {});
  void Bind(TransactionId transaction, Purpose purpose);
  void SendBye(std::string_view reason);
  void HandleOffer(TransactionId transaction, const IncomingMessage& request);
  void HandleInfo(TransactionId transaction, const IncomingMessage& request);
  void HandleBye(TransactionId transaction);
  void StartLocalOffer(const sdp::SessionDescription& sdp, Purpose purpose);
  void OnLocalOfferResponse(const PendingLocalOffer& offer, const IncomingMessage& response);
  void FinishLocalOffer();
  void AnswerRemoteOffer(const sdp::SessionDescription* sdp, int status, std::string_view reason);
  void OnInDialogFailure(Purpose purpose, int status, std::string detail);

  // Session timer (RFC 4028 §10).
  void ApplySession(std::optional<SessionInterval> interval);
  void OnSessionTimer();

  const CallHandle handle_;
  CallHost* const host_;
  const bool incoming_;
  State state_;
  bool ended_ = false;
  std::string log_name_;

  // Incoming.
  TransactionId invite_transaction_ = 0;
  std::optional<IncomingMessage> invite_;
  std::string local_tag_;
  std::optional<sdp::SessionDescription> initial_offer_;
  SessionTimerNegotiation::UasResult initial_session_;

  // Outgoing.
  std::string target_;
  PlaceCallOptions options_;
  std::optional<TransportAddress> destination_;
  std::optional<SipMessage> invite_request_;  // the current attempt's INVITE
  std::string call_id_;
  std::string from_tag_;
  TransactionId client_invite_ = 0;
  uint32_t cseq_ = 0;
  int attempt_ = 0;
  bool provisional_seen_ = false;
  bool rang_ = false;
  bool cancel_wanted_ = false;
  bool cancel_sent_ = false;
  int auth_tries_ = 0;
  std::string answered_nonce_;
  std::optional<uint32_t> session_expires_sent_;

  // Both.
  std::optional<Dialog> dialog_;
  LocalSdpVersions local_sdp_;
  std::optional<sdp::SessionDescription> remote_sdp_;
  bool awaiting_answer_in_ack_ = false;  // our 2xx carried the offer
  bool bye_wanted_ = false;              // hang up once the pending ACK is in
  std::string bye_reason_;
  bool peer_allows_info_ = true;
  bool peer_allows_update_ = false;
  std::optional<std::string> last_ack_;  // resent for 2xx retransmissions
  std::optional<SendTarget> last_ack_target_;
  std::map<TransactionId, Purpose> client_transactions_;
  std::map<TransactionId, std::pair<Timestamp, PingDone>> pings_;
  std::optional<PendingLocalOffer> local_offer_;
  std::optional<std::pair<sdp::SessionDescription, Purpose>> queued_local_offer_;
  std::optional<PendingRemoteOffer> remote_offer_;
  std::optional<SessionInterval> session_;
  SuccessRetransmitter success_{&host_->transactions(), host_->timers(), &host_->config().timers};

  Timer ringing_timer_{host_->timers()};
  Timer answer_timer_{host_->timers()};  // incoming: conference answer; outgoing: ring timeout; re-INVITE answer
  Timer retry_timer_{host_->timers()};   // outgoing backoff, glare retry
  Timer session_timer_{host_->timers()};
  Timer linger_timer_{host_->timers()};
};

std::string_view ToString(Call::State state);

}  // namespace softmcu::sip
