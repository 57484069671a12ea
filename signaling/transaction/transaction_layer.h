#pragma once
// The transaction layer of RFC 3261 §17: owns every client and server transaction, matches
// incoming messages to them (§17.1.3, §17.2.3), runs their timers on the TimerQueue, and
// talks to the transaction user (TU: the user agent) through TransactionUser.
//
//   incoming request  → its server transaction (retransmission, ACK to a non-2xx), else
//                       ACK → OnTransactionAck (the ACK to a 2xx is a TU matter, §17.2.3),
//                       else OnTransactionAdmission (rate limits, blocks: false means the
//                       TU answered statelessly or dropped it) → new server transaction
//                       (INVITE: 100 Trying at once) → OnTransactionRequest
//   incoming response → its client transaction, else OnTransactionStrayResponse (a 2xx
//                       retransmission after the INVITE transaction ended: re-ACK it)
//
// Ownership: owns the transactions; borrows the sender, the timer queue and the TU, which
// must outlive it. Threading: the signalling loop's thread only.

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/timer_queue.h"
#include "signaling/transaction/client_transaction.h"
#include "signaling/transaction/server_transaction.h"
#include "signaling/transaction/transaction.h"
#include "signaling/transaction/transaction_timers.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip {

class TransactionUser {
 public:
  // A new request (not ACK) that matched no transaction: may it create one?
  virtual bool OnTransactionAdmission(const IncomingMessage& request) = 0;
  virtual void OnTransactionRequest(TransactionId server, const IncomingMessage& request) = 0;
  // An ACK outside any transaction, or matched to an INVITE transaction in Accepted.
  virtual void OnTransactionAck(const IncomingMessage& ack) = 0;
  virtual void OnTransactionResponse(TransactionId client, const IncomingMessage& response) = 0;
  virtual void OnTransactionStrayResponse(const IncomingMessage& response) = 0;
  virtual void OnTransactionFailure(TransactionId id, TransactionFailure failure) = 0;

 protected:
  ~TransactionUser() = default;
};

struct TransactionStats {
  uint64_t server_created = 0;
  uint64_t client_created = 0;
  uint64_t retransmissions_absorbed = 0;  // requests that matched a server transaction
  uint64_t stray_responses = 0;
  uint64_t sent = 0;
};

class TransactionLayer final : private TransactionHost {
 public:
  TransactionLayer(SipMessageSender* sender, TimerQueue* timers, TransactionTimers values, TransactionUser* user);
  ~TransactionLayer();

  void Receive(const IncomingMessage& message);
  // Fails every transaction whose messages go to `destination`.
  void OnTransportFailure(const TransportAddress& destination);

  // Starts a client transaction for `request` (INVITE or any non-INVITE except ACK). Its
  // top Via must carry a fresh branch (NewBranch()); CANCEL reuses the INVITE's (§9.1).
  TransactionId SendRequest(SipMessage request, SendTarget target);
  // Sends a response through server transaction `server`; false if it no longer exists
  // or its state does not take this response.
  bool Respond(TransactionId server, const SipMessage& response);
  // The request that created server transaction `server`.
  const IncomingMessage* ServerRequest(TransactionId server) const;
  bool ServerFinalSent(TransactionId server) const;
  // The INVITE server transaction a CANCEL refers to (§9.2), if it still exists.
  std::optional<TransactionId> FindInviteServerTransaction(const SipMessage& cancel) const;
  // Forgets a client transaction without telling anyone: an INVITE we cancelled that never
  // got its final response (RFC 3261 §9.1: destroy it after 64·T1).
  void Abandon(TransactionId client);
  // Outside any transaction: the ACK to a 2xx, stateless answers.
  void SendStateless(const SendTarget& target, const std::string& wire);

  size_t size() const { return entries_.size(); }
  const TransactionStats& stats() const { return stats_; }

 private:
  struct Entry {
    std::unique_ptr<Transaction> transaction;
    ClientTransaction* client = nullptr;
    ServerTransaction* server = nullptr;
    std::string key;
  };

  void ReceiveRequest(const IncomingMessage& request);
  void ReceiveResponse(const IncomingMessage& response);

  TransactionHost* host() { return this; }

  // TransactionHost
  void SendForTransaction(const SendTarget& target, const std::string& wire) override;
  TimerQueue* timers() override { return timers_; }
  const TransactionTimers& timer_values() const override { return values_; }
  void DeliverResponse(TransactionId id, const IncomingMessage& response) override;
  void DeliverAck(TransactionId id, const IncomingMessage& ack) override;
  void DeliverFailure(TransactionId id, TransactionFailure failure) override;
  void Terminated(TransactionId id) override;

  SipMessageSender* const sender_;
  TimerQueue* const timers_;
  const TransactionTimers values_;
  TransactionUser* const user_;
  std::unordered_map<TransactionId, Entry> entries_;
  std::unordered_map<std::string, TransactionId> server_keys_;
  std::unordered_map<std::string, TransactionId> client_keys_;
  // Terminated transactions wait here until the current call chain has unwound.
  std::vector<std::unique_ptr<Transaction>> dead_;
  Timer reaper_;
  TransactionId next_id_ = 1;
  TransactionStats stats_;
};

}  // namespace softmcu::sip
