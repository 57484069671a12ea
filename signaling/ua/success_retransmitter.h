#pragma once
// The UAS side of RFC 3261 §13.3.1.4: a 2xx to an INVITE (initial or re-INVITE) is sent
// again at T1, 2·T1, ... capped at T2 until its ACK arrives; after 64·T1 without an ACK the
// caller is told (and ends the session with a BYE). Over TCP/TLS the transport is reliable
// and nothing is resent, but the 64·T1 deadline still applies. The retransmissions go
// through the INVITE server transaction (RFC 6026 Accepted state).
//
// Owned by a Call. Threading: the signalling loop.

#include <cstdint>
#include <functional>
#include <string>

#include "core/timer_queue.h"
#include "signaling/sip/sip_message.h"
#include "signaling/transaction/transaction_layer.h"

namespace softmcu::sip {

class SuccessRetransmitter {
 public:
  SuccessRetransmitter(TransactionLayer* transactions, TimerQueue* timers, const TransactionTimers* values)
      : transactions_(transactions), values_(values), retransmit_(timers), give_up_(timers) {}

  // Starts guarding `response`, already sent through `transaction`, for the INVITE with
  // CSeq `cseq`. `on_no_ack` runs if no ACK comes within 64·T1.
  void Start(TransactionId transaction, SipMessage response, uint32_t cseq, bool reliable,
             std::function<void()> on_no_ack);
  // An ACK with CSeq `cseq` arrived: true if it acknowledges the guarded 2xx.
  bool OnAck(uint32_t cseq);
  void Stop();
  bool active() const { return give_up_.running(); }

 private:
  void Retransmit();

  TransactionLayer* const transactions_;
  const TransactionTimers* const values_;
  TransactionId transaction_ = 0;
  SipMessage response_;
  uint32_t cseq_ = 0;
  TimeDelta interval_;
  Timer retransmit_;
  Timer give_up_;
};

}  // namespace softmcu::sip
