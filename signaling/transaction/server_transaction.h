#pragma once
// Server transactions (RFC 3261 §17.2, with RFC 6026's Accepted state for INVITE).
//
// INVITE (§17.2.1, Figure 7 as amended by RFC 6026 §7.1):
//   Proceeding ──2xx from TU──► Accepted ──Timer L──► Terminated
//     │ 100 Trying sent at once; retransmitted INVITEs get the last provisional again
//     └─300-699 from TU──► Completed ──ACK──► Confirmed ──Timer I──► Terminated
//            Timer G: retransmit the final response (UDP), doubling to T2; Timer H: no ACK
//   In Accepted, INVITE retransmissions are absorbed, 2xx retransmissions the TU makes are
//   sent, and an ACK that matches goes to the TU.
// non-INVITE (§17.2.2, Figure 8):
//   Trying ──1xx──► Proceeding ──final──► Completed ──Timer J──► Terminated
//   retransmitted requests get the last response again (none in Trying).

#include <optional>
#include <string>

#include "signaling/transaction/transaction.h"

namespace softmcu::sip {

class ServerTransaction : public Transaction {
 public:
  ServerTransaction(TransactionId id, TransactionHost* host, IncomingMessage request);
  const IncomingMessage& request() const { return request_; }
  // A retransmission of the request (or, for INVITE, the ACK) matched this transaction.
  virtual void OnRequest(const IncomingMessage& request) = 0;
  // The TU's response. Ignored (false) when the state does not allow it.
  virtual bool Respond(const SipMessage& response) = 0;
  virtual bool final_sent() const = 0;

 protected:
  const IncomingMessage request_;
};

class InviteServerTransaction final : public ServerTransaction {
 public:
  enum class State { kProceeding, kAccepted, kCompleted, kConfirmed, kTerminated };

  InviteServerTransaction(TransactionId id, TransactionHost* host, IncomingMessage request);
  // Sends 100 Trying (§17.2.1: at once, as the TU's answer may take longer than 200 ms).
  void Start();
  void OnRequest(const IncomingMessage& request) override;
  bool Respond(const SipMessage& response) override;
  void OnTransportFailure() override;
  bool final_sent() const override { return state_ != State::kProceeding; }
  State state() const { return state_; }

 private:
  enum class Event { kRetransmission, kAck, kProvisional, kSuccess, kFailure, kTimerG, kTimerH, kTimerI,
                     kTimerL, kTransportError };
  bool Handle(Event event, const IncomingMessage* request, const SipMessage* response);
  void Terminate();

  State state_ = State::kProceeding;
  std::string last_response_;
  TimeDelta g_interval_;
  Timer timer_g_;
  Timer timer_h_;  // H in Completed, I in Confirmed, L in Accepted
};

class NonInviteServerTransaction final : public ServerTransaction {
 public:
  enum class State { kTrying, kProceeding, kCompleted, kTerminated };

  NonInviteServerTransaction(TransactionId id, TransactionHost* host, IncomingMessage request);
  void OnRequest(const IncomingMessage& request) override;
  bool Respond(const SipMessage& response) override;
  void OnTransportFailure() override;
  bool final_sent() const override { return state_ == State::kCompleted || state_ == State::kTerminated; }
  State state() const { return state_; }

 private:
  void Terminate();

  State state_ = State::kTrying;
  std::string last_response_;
  Timer timer_j_;
};

}  // namespace softmcu::sip
