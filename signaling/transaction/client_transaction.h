#pragma once
// Client transactions (RFC 3261 §17.1, with RFC 6026's Accepted state for INVITE).
//
// INVITE (§17.1.1, Figure 5 as amended by RFC 6026 §8.4):
//   Calling ──1xx──► Proceeding ──2xx──► Accepted ──Timer M──► Terminated
//      │  Timer A: retransmit (UDP), doubling      │ 300-699: ACK, Completed ──Timer D──► Terminated
//      └─ Timer B: timeout → Terminated            └ 2xx retransmissions go to the TU (it re-ACKs)
// non-INVITE (§17.1.2, Figure 6):
//   Trying ──1xx──► Proceeding ──final──► Completed ──Timer K──► Terminated
//      Timer E: retransmit (UDP), doubling to T2; Timer F: timeout
//
// The ACK for a non-2xx final response is built and sent here (§17.1.1.3); the ACK for a
// 2xx is the TU's (§13.2.2.4), a request of its own.

#include <optional>
#include <string>

#include "signaling/transaction/transaction.h"

namespace softmcu::sip {

class InviteClientTransaction final : public Transaction {
 public:
  enum class State { kCalling, kProceeding, kAccepted, kCompleted, kTerminated };

  InviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage invite);
  void Start();
  void OnResponse(const IncomingMessage& response);
  void OnTransportFailure() override;
  State state() const { return state_; }
  const SipMessage& request() const { return invite_; }

 private:
  enum class Event { kProvisional, kSuccess, kFailure, kTimerA, kTimerB, kTimerD, kTimerM, kTransportError };
  void Handle(Event event, const IncomingMessage* response);
  void SendAck(const IncomingMessage& response);
  void Terminate();

  const SipMessage invite_;
  const std::string wire_;
  State state_ = State::kCalling;
  TimeDelta a_interval_;
  std::optional<std::string> ack_;  // the ACK to a non-2xx, resent for each retransmission
  Timer timer_a_;
  Timer timer_b_;
  Timer timer_d_;  // also Timer M in Accepted
};

class NonInviteClientTransaction final : public Transaction {
 public:
  enum class State { kTrying, kProceeding, kCompleted, kTerminated };

  NonInviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage request);
  void Start();
  void OnResponse(const IncomingMessage& response);
  void OnTransportFailure() override;
  State state() const { return state_; }
  const SipMessage& request() const { return request_; }

 private:
  enum class Event { kProvisional, kFinal, kTimerE, kTimerF, kTimerK, kTransportError };
  void Handle(Event event, const IncomingMessage* response);
  void Terminate();

  const SipMessage request_;
  const std::string wire_;
  State state_ = State::kTrying;
  TimeDelta e_interval_;
  Timer timer_e_;
  Timer timer_f_;
  Timer timer_k_;
};

}  // namespace softmcu::sip
