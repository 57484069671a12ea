#include "signaling/ua/success_retransmitter.h"

#include <algorithm>

namespace softmcu::sip {

void SuccessRetransmitter::Start(TransactionId transaction, SipMessage response, uint32_t cseq, bool reliable,
                                 std::function<void()> on_no_ack) {
  transaction_ = transaction;
  response_ = std::move(response);
  cseq_ = cseq;
  interval_ = values_->t1;
  if (!reliable) retransmit_.Start(interval_, [this] { Retransmit(); });
  give_up_.Start(values_->t1 * 64, [this, on_no_ack = std::move(on_no_ack)] {
    retransmit_.Stop();
    on_no_ack();
  });
}

void SuccessRetransmitter::Retransmit() {
  transactions_->Respond(transaction_, response_);
  interval_ = std::min(interval_ * 2, values_->t2);
  retransmit_.Start(interval_, [this] { Retransmit(); });
}

bool SuccessRetransmitter::OnAck(uint32_t cseq) {
  if (!active() || cseq != cseq_) return false;
  Stop();
  return true;
}

void SuccessRetransmitter::Stop() {
  retransmit_.Stop();
  give_up_.Stop();
}

}  // namespace softmcu::sip
