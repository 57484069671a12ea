#pragma once
// The SIP user agent of softmcu: the transaction user of RFC 3261 §8 on top of the
// transaction layer, owning every Call, and the policy of what reaches the conference.
//
// Incoming requests pass, in order: the transport (framing, limits) → the transaction
// layer (retransmissions absorbed) → blocked sources (too many auth failures: dropped) →
// in-dialog requests go to their call; others meet the per-source rate limiter (503 once a
// second, then silence) → method dispatch: INVITE (checks: Contact, Require, body type,
// SDP, session interval (422), digest credentials (401 stale/failed) → a Call and
// OnSipIncomingCall), CANCEL (487 to its INVITE), OPTIONS (200 with our capabilities),
// REGISTER (405, the same for every user: scanners learn nothing), BYE/INFO/UPDATE
// outside a dialog (481), other known methods (405), unknown ones (501). A request that
// does not parse is answered 400-513 with the reason (error_response.h) if the rate
// limiter allows, else dropped; both counted.
//
// Security events (policy rejections, auth failures, blocks, rate limits, transport
// violations) go to the SipSecurityListener with the source address, and to the log
// through a rate limiter.
//
// Threading: everything runs on the signalling loop, except NewHandle(). SipStack wraps
// this class with thread-safe entry points. Ownership: owns its calls and transaction
// layer; borrows the sender, timer queue, clock and listeners (which outlive it).

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/log.h"
#include "core/timer_queue.h"
#include "signaling/auth/auth_failure_tracker.h"
#include "signaling/auth/digest_authenticator.h"
#include "signaling/dialog/session_timer.h"
#include "signaling/policy/security_event.h"
#include "signaling/policy/source_rate_limiter.h"
#include "signaling/transaction/transaction_layer.h"
#include "signaling/transport/sip_transport.h"
#include "signaling/ua/call.h"
#include "signaling/ua/call_host.h"
#include "signaling/ua/sip_call_listener.h"
#include "signaling/ua/user_agent_config.h"

namespace softmcu::sip {

struct UserAgentStats {
  uint64_t incoming_calls = 0;      // INVITEs that reached the conference
  uint64_t outgoing_calls = 0;
  uint64_t rate_limited = 0;        // requests refused by the per-source limiter
  uint64_t blocked = 0;             // requests dropped from blocked sources
  uint64_t malformed = 0;           // messages that did not parse
  uint64_t malformed_answered = 0;  // ... of which answered with 4xx/5xx
  uint64_t auth_failures = 0;
  uint64_t rejected_by_stack = 0;   // 4xx/5xx the stack sent itself (bad SDP, 420, 422, ...)
};

class SipUserAgent final : public SipTransportListener, private TransactionUser, private CallHost {
 public:
  SipUserAgent(UserAgentConfig config, SipMessageSender* sender, TimerQueue* timers, const Clock* clock,
               SipCallListener* call_listener, SipMidCallListener* mid_call_listener,
               SipSecurityListener* security_listener);
  ~SipUserAgent();
  SipUserAgent(const SipUserAgent&) = delete;
  SipUserAgent& operator=(const SipUserAgent&) = delete;

  // Where digest passwords come from (the address book); without it every credential fails.
  void SetPasswordLookup(DigestAuthenticator::PasswordLookup lookup) { password_lookup_ = std::move(lookup); }

  // A fresh handle; safe from any thread (SipStack hands one out before posting PlaceCall).
  CallHandle NewHandle() { return CallHandle{next_handle_.fetch_add(1, std::memory_order_relaxed)}; }

  // The conference's side, on the loop thread. Unknown or ended handles are ignored (logged).
  void Accept(CallHandle call, const sdp::SessionDescription& answer);
  void Reject(CallHandle call, const RejectOptions& options);
  void Challenge(CallHandle call, std::string_view realm);
  void PlaceCall(CallHandle call, std::string target_uri, sdp::SessionDescription offer, PlaceCallOptions options);
  void Hangup(CallHandle call, std::string_view reason);
  void SendReInvite(CallHandle call, const sdp::SessionDescription& offer);
  void AnswerReInvite(CallHandle call, const sdp::SessionDescription& answer);
  void RejectReInvite(CallHandle call, int status, std::string_view reason);
  void SendInfo(CallHandle call, std::string_view content_type, std::string_view body);
  void RequestKeyframe(CallHandle call);
  // OPTIONS in the call's dialog; `done(status, rtt)` with status 0 on timeout.
  void PingCall(CallHandle call, Call::PingDone done);
  // OPTIONS outside any dialog, e.g. "is this bridge point up?".
  void Ping(std::string_view target_uri, TransportKind transport, Call::PingDone done);
  // Ends every call (BYE/CANCEL/503) with kShutdown.
  void Shutdown();

  // SipTransportListener
  void OnSipTransportMessage(IncomingMessage message) override;
  void OnSipTransportParseError(const TransportAddress& source, ConnectionId connection,
                                const SipError& error) override;
  void OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) override;
  void OnSipTransportViolation(const TransportAddress& source, std::string_view what) override;

  const UserAgentStats& stats() const { return stats_; }
  const TransactionLayer& transaction_layer() const { return transactions_; }
  size_t call_count() const { return calls_.size(); }
  const SourceRateLimiter& rate_limiter() const { return rate_limiter_; }

 private:
  CallHost* host() { return this; }
  Call* Find(CallHandle call, std::string_view action);
  void HandleNewInvite(TransactionId transaction, const IncomingMessage& request);
  std::optional<std::optional<std::string>> CheckCredentials(TransactionId transaction,
                                                             const IncomingMessage& request);
  void HandleCancel(TransactionId transaction, const IncomingMessage& request);
  void HandleOutOfDialog(TransactionId transaction, const IncomingMessage& request);
  void RespondTo(TransactionId transaction, const IncomingMessage& request, int status, std::string_view reason,
                 HeaderList headers = {});
  void RespondStateless(const IncomingMessage& request, int status, std::string_view reason, HeaderList headers = {});
  Call* CallForDialog(const SipMessage& message, bool we_are_uas);
  void Reap();
  bool LogAllowed();

  // TransactionUser
  bool OnTransactionAdmission(const IncomingMessage& request) override;
  void OnTransactionRequest(TransactionId server, const IncomingMessage& request) override;
  void OnTransactionAck(const IncomingMessage& ack) override;
  void OnTransactionResponse(TransactionId client, const IncomingMessage& response) override;
  void OnTransactionStrayResponse(const IncomingMessage& response) override;
  void OnTransactionFailure(TransactionId id, TransactionFailure failure) override;

  // CallHost
  TransactionLayer& transactions() override { return transactions_; }
  TimerQueue* timers() override { return timers_; }
  const Clock* clock() const override { return clock_; }
  const UserAgentConfig& config() const override { return config_; }
  const SessionTimerNegotiation& session_timers() const override { return session_timers_; }
  SipCallListener& call_listener() override { return *call_listener_; }
  SipMidCallListener& mid_call_listener() override { return *mid_call_listener_; }
  std::string ViaFor(TransportKind kind, std::string_view branch) const override;
  std::string ContactFor(TransportKind kind) const override;
  std::string HostPortFor(TransportKind kind) const override;
  HeaderList CapabilityHeaders() const override;
  void BindClientTransaction(TransactionId id, CallHandle call) override { client_owner_[id] = call; }
  void BindDialog(const DialogId& id, CallHandle call) override { dialogs_[id] = call; }
  void UnbindDialog(const DialogId& id) override { dialogs_.erase(id); }
  void CallFinished(CallHandle call) override;
  void ReportSecurityEvent(SecurityEventKind kind, const TransportAddress& source, std::string detail,
                           std::string user) override;

  const UserAgentConfig config_;
  SipMessageSender* const sender_;
  TimerQueue* const timers_;
  const Clock* const clock_;
  SipCallListener* const call_listener_;
  SipMidCallListener* const mid_call_listener_;
  SipSecurityListener* const security_listener_;
  TransactionLayer transactions_;
  const SessionTimerNegotiation session_timers_;
  SourceRateLimiter rate_limiter_;
  DigestAuthenticator authenticator_;
  AuthFailureTracker auth_failures_;
  DigestAuthenticator::PasswordLookup password_lookup_;

  std::map<uint64_t, std::unique_ptr<Call>> calls_;
  std::map<DialogId, CallHandle> dialogs_;
  std::unordered_map<TransactionId, CallHandle> client_owner_;
  std::unordered_map<TransactionId, CallHandle> invite_owner_;  // incoming INVITE server transactions
  std::map<std::string, TransactionId> pending_invites_;        // Call-ID|From tag|CSeq → transaction (§8.2.2.2)
  std::unordered_map<TransactionId, std::pair<Timestamp, Call::PingDone>> pings_;
  std::vector<CallHandle> finished_;
  Timer reaper_;
  std::atomic<uint64_t> next_handle_{1};
  LogRateLimiter log_limiter_;
  UserAgentStats stats_;
};

}  // namespace softmcu::sip
