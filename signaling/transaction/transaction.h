#pragma once
// What the four RFC 3261 §17 transaction state machines share: an id, the host that sends
// for them and hears their results (the TransactionLayer), and the target they talk to.
//
// Each machine keeps its state in an enum class and its transitions in one function per
// input (CONVENTIONS.md §4). A machine that reaches Terminated tells the host, which
// deletes it on a later turn (never from inside its own call).

#include <cstdint>
#include <string>

#include "core/timer_queue.h"
#include "signaling/sip/sip_message.h"
#include "signaling/transaction/transaction_timers.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip {

using TransactionId = uint64_t;

enum class TransactionFailure {
  kTimeout,         // Timer B or F: no final response
  kTransportError,  // the message could not be sent
  kNoAck,           // Timer H: our non-2xx final response was never acknowledged
};
std::string_view ToString(TransactionFailure failure);

class TransactionHost {
 public:
  virtual void SendForTransaction(const SendTarget& target, const std::string& wire) = 0;
  virtual TimerQueue* timers() = 0;
  virtual const TransactionTimers& timer_values() const = 0;
  // Client transactions: a response for the transaction user (not retransmissions the
  // machine absorbs).
  virtual void DeliverResponse(TransactionId id, const IncomingMessage& response) = 0;
  // Server INVITE in Accepted (RFC 6026): an ACK for the 2xx that matched the transaction.
  virtual void DeliverAck(TransactionId id, const IncomingMessage& ack) = 0;
  virtual void DeliverFailure(TransactionId id, TransactionFailure failure) = 0;
  virtual void Terminated(TransactionId id) = 0;

 protected:
  ~TransactionHost() = default;
};

class Transaction {
 public:
  Transaction(TransactionId id, TransactionHost* host, SendTarget target)
      : id_(id), host_(host), target_(std::move(target)) {}
  virtual ~Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  TransactionId id() const { return id_; }
  const SendTarget& target() const { return target_; }
  bool reliable() const { return IsReliable(target_.destination.kind); }
  // The transport could not deliver to target().destination.
  virtual void OnTransportFailure() = 0;

 protected:
  TransactionId const id_;
  TransactionHost* const host_;
  SendTarget target_;
};

}  // namespace softmcu::sip
