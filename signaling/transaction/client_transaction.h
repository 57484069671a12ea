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

// What both client machines share: the request, sent at Start() with a retransmission
// timer (UDP only; A or E) and a timeout (B or F), and a wait timer after the final
// response (D, K, or M).
class ClientTransaction : public Transaction {
 public:
  ClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage request);
  void Start();
  virtual void OnResponse(const IncomingMessage& response) = 0;
  const SipMessage& request() const { return request_; }

 protected:
  virtual void OnRetransmitTimer() = 0;
  virtual void OnTimeoutTimer() = 0;
  virtual void OnWaitTimer() = 0;
  void ArmRetransmit(TimeDelta interval);
  void ArmWait(TimeDelta delay);
  // Stops every timer and tells the host.
  void Finish();
  void Resend() { host_->SendForTransaction(target_, wire_); }

  const SipMessage request_;
  const std::string wire_;
  TimeDelta interval_;  // the current retransmission interval
  Timer retransmit_;
  Timer timeout_;
  Timer wait_;
};

class InviteClientTransaction final : public ClientTransaction {
 public:
  enum class State { kCalling, kProceeding, kAccepted, kCompleted, kTerminated };

  InviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage invite)
      : ClientTransaction(id, host, std::move(target), std::move(invite)) {}
  void OnResponse(const IncomingMessage& response) override;
  void OnTransportFailure() override;
  State state() const { return state_; }

 private:
  enum class Event { kProvisional, kSuccess, kFailure, kTimerA, kTimerB, kTimerD, kTransportError };
  void OnRetransmitTimer() override { Handle(Event::kTimerA, nullptr); }
  void OnTimeoutTimer() override { Handle(Event::kTimerB, nullptr); }
  void OnWaitTimer() override { Handle(Event::kTimerD, nullptr); }  // D in Completed, M in Accepted
  void Handle(Event event, const IncomingMessage* response);
  void SendAck(const IncomingMessage& response);
  void Terminate();

  State state_ = State::kCalling;
  std::optional<std::string> ack_;  // the ACK to a non-2xx, resent for each retransmission
};

class NonInviteClientTransaction final : public ClientTransaction {
 public:
  enum class State { kTrying, kProceeding, kCompleted, kTerminated };

  NonInviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage request)
      : ClientTransaction(id, host, std::move(target), std::move(request)) {}
  void OnResponse(const IncomingMessage& response) override;
  void OnTransportFailure() override;
  State state() const { return state_; }

 private:
  enum class Event { kProvisional, kFinal, kTimerE, kTimerF, kTimerK, kTransportError };
  void OnRetransmitTimer() override { Handle(Event::kTimerE, nullptr); }
  void OnTimeoutTimer() override { Handle(Event::kTimerF, nullptr); }
  void OnWaitTimer() override { Handle(Event::kTimerK, nullptr); }
  void Handle(Event event, const IncomingMessage* response);
  void Terminate();

  State state_ = State::kTrying;
};

}  // namespace softmcu::sip
