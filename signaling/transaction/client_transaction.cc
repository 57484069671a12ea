#include "signaling/transaction/client_transaction.h"

#include <algorithm>

#include "signaling/sip/sip_message_builder.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

bool IsProvisional(int code) { return code >= 100 && code < 200; }
bool IsSuccess(int code) { return code >= 200 && code < 300; }

}  // namespace

std::string_view ToString(TransactionFailure failure) {
  switch (failure) {
    case TransactionFailure::kTimeout: return "timeout";
    case TransactionFailure::kTransportError: return "transport error";
    case TransactionFailure::kNoAck: return "no ACK";
  }
  return "?";
}

// ---------------------------------------------------------------- INVITE

InviteClientTransaction::InviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target,
                                                 SipMessage invite)
    : Transaction(id, host, std::move(target)),
      invite_(std::move(invite)),
      wire_(invite_.Serialize()),
      timer_a_(host->timers()),
      timer_b_(host->timers()),
      timer_d_(host->timers()) {}

void InviteClientTransaction::Start() {
  host_->SendForTransaction(target_, wire_);
  const TransactionTimers& t = host_->timer_values();
  if (!reliable()) {
    a_interval_ = t.A();
    timer_a_.Start(a_interval_, [this] { Handle(Event::kTimerA, nullptr); });
  }
  timer_b_.Start(t.B(), [this] { Handle(Event::kTimerB, nullptr); });
}

void InviteClientTransaction::OnResponse(const IncomingMessage& response) {
  const int code = response.message.StatusCode();
  Handle(IsProvisional(code) ? Event::kProvisional : IsSuccess(code) ? Event::kSuccess : Event::kFailure, &response);
}

void InviteClientTransaction::OnTransportFailure() { Handle(Event::kTransportError, nullptr); }

void InviteClientTransaction::Handle(Event event, const IncomingMessage* response) {
  const TransactionTimers& t = host_->timer_values();
  switch (state_) {
    case State::kCalling:
    case State::kProceeding:
      switch (event) {
        case Event::kTimerA:  // only armed in Calling, over UDP
          host_->SendForTransaction(target_, wire_);
          a_interval_ = a_interval_ * 2;
          timer_a_.Start(a_interval_, [this] { Handle(Event::kTimerA, nullptr); });
          return;
        case Event::kProvisional:
          state_ = State::kProceeding;
          timer_a_.Stop();
          // Timer B guards Calling only (Figure 5): a ringing call waits for the TU's CANCEL.
          timer_b_.Stop();
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kSuccess:
          state_ = State::kAccepted;
          timer_a_.Stop();
          timer_b_.Stop();
          timer_d_.Start(t.M(), [this] { Handle(Event::kTimerM, nullptr); });
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kFailure:
          state_ = State::kCompleted;
          timer_a_.Stop();
          timer_b_.Stop();
          SendAck(*response);
          timer_d_.Start(reliable() ? TimeDelta::Zero() : t.D(), [this] { Handle(Event::kTimerD, nullptr); });
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kTimerB:
          host_->DeliverFailure(id_, TransactionFailure::kTimeout);
          return Terminate();
        case Event::kTransportError:
          host_->DeliverFailure(id_, TransactionFailure::kTransportError);
          return Terminate();
        default:
          return;
      }
    case State::kAccepted:
      // RFC 6026 §8.4: 2xx retransmissions (and 2xx from other forks) go to the TU.
      if (event == Event::kSuccess) host_->DeliverResponse(id_, *response);
      if (event == Event::kTimerM) Terminate();
      return;
    case State::kCompleted:
      if (event == Event::kFailure && ack_) host_->SendForTransaction(target_, *ack_);
      if (event == Event::kTimerD || event == Event::kTransportError) Terminate();
      return;
    case State::kTerminated:
      return;
  }
}

void InviteClientTransaction::SendAck(const IncomingMessage& response) {
  // §17.1.1.3: same Request-URI, top Via, From, Call-ID and CSeq number as the INVITE; the
  // To of the response; the INVITE's Route headers.
  SipMessageBuilder ack = SipMessageBuilder::Request("ACK", invite_.RequestUri());
  ack.AddHeader("Via", Unfold(invite_.Vias().front().Format()));
  ack.AddHeader("Max-Forwards", "70");
  ack.AddHeader("From", Unfold(*invite_.Find(HeaderId::kFrom)));
  ack.AddHeader("To", Unfold(*response.message.Find(HeaderId::kTo)));
  ack.AddHeader("Call-ID", Unfold(invite_.CallId()));
  ack.AddHeader("CSeq", std::to_string(invite_.Sequence().number) + " ACK");
  for (std::string_view route : invite_.FindAll(HeaderId::kRoute)) ack.AddHeader("Route", Unfold(route));
  auto wire = ack.Serialize();
  if (!wire) return;  // built from parsed headers: cannot fail
  ack_ = std::move(*wire);
  host_->SendForTransaction(target_, *ack_);
}

void InviteClientTransaction::Terminate() {
  if (state_ == State::kTerminated) return;
  state_ = State::kTerminated;
  timer_a_.Stop();
  timer_b_.Stop();
  timer_d_.Stop();
  host_->Terminated(id_);
}

// ---------------------------------------------------------------- non-INVITE

NonInviteClientTransaction::NonInviteClientTransaction(TransactionId id, TransactionHost* host, SendTarget target,
                                                       SipMessage request)
    : Transaction(id, host, std::move(target)),
      request_(std::move(request)),
      wire_(request_.Serialize()),
      timer_e_(host->timers()),
      timer_f_(host->timers()),
      timer_k_(host->timers()) {}

void NonInviteClientTransaction::Start() {
  host_->SendForTransaction(target_, wire_);
  const TransactionTimers& t = host_->timer_values();
  if (!reliable()) {
    e_interval_ = t.E();
    timer_e_.Start(e_interval_, [this] { Handle(Event::kTimerE, nullptr); });
  }
  timer_f_.Start(t.F(), [this] { Handle(Event::kTimerF, nullptr); });
}

void NonInviteClientTransaction::OnResponse(const IncomingMessage& response) {
  Handle(IsProvisional(response.message.StatusCode()) ? Event::kProvisional : Event::kFinal, &response);
}

void NonInviteClientTransaction::OnTransportFailure() { Handle(Event::kTransportError, nullptr); }

void NonInviteClientTransaction::Handle(Event event, const IncomingMessage* response) {
  const TransactionTimers& t = host_->timer_values();
  switch (state_) {
    case State::kTrying:
    case State::kProceeding:
      switch (event) {
        case Event::kTimerE:
          host_->SendForTransaction(target_, wire_);
          // §17.1.2.2: doubling up to T2 in Trying; T2 once a provisional came.
          e_interval_ = state_ == State::kTrying ? std::min(e_interval_ * 2, t.t2) : t.t2;
          timer_e_.Start(e_interval_, [this] { Handle(Event::kTimerE, nullptr); });
          return;
        case Event::kProvisional:
          state_ = State::kProceeding;
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kFinal:
          state_ = State::kCompleted;
          timer_e_.Stop();
          timer_f_.Stop();
          timer_k_.Start(reliable() ? TimeDelta::Zero() : t.K(), [this] { Handle(Event::kTimerK, nullptr); });
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kTimerF:
          host_->DeliverFailure(id_, TransactionFailure::kTimeout);
          return Terminate();
        case Event::kTransportError:
          host_->DeliverFailure(id_, TransactionFailure::kTransportError);
          return Terminate();
        default:
          return;
      }
    case State::kCompleted:
      if (event == Event::kTimerK) Terminate();  // final response retransmissions are absorbed
      return;
    case State::kTerminated:
      return;
  }
}

void NonInviteClientTransaction::Terminate() {
  if (state_ == State::kTerminated) return;
  state_ = State::kTerminated;
  timer_e_.Stop();
  timer_f_.Stop();
  timer_k_.Stop();
  host_->Terminated(id_);
}

}  // namespace softmcu::sip
