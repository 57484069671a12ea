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

// ---------------------------------------------------------------- shared

ClientTransaction::ClientTransaction(TransactionId id, TransactionHost* host, SendTarget target, SipMessage request)
    : Transaction(id, host, std::move(target)),
      request_(std::move(request)),
      wire_(request_.Serialize()),
      retransmit_(host->timers()),
      timeout_(host->timers()),
      wait_(host->timers()) {}

void ClientTransaction::Start() {
  Resend();
  const TransactionTimers& t = host_->timer_values();
  // Timer A and E start at T1; B and F are both 64·T1.
  if (!reliable()) ArmRetransmit(t.t1);
  timeout_.Start(t.t1 * 64, [this] { OnTimeoutTimer(); });
}

void ClientTransaction::ArmRetransmit(TimeDelta interval) {
  interval_ = interval;
  retransmit_.Start(interval_, [this] { OnRetransmitTimer(); });
}

void ClientTransaction::ArmWait(TimeDelta delay) {
  wait_.Start(delay, [this] { OnWaitTimer(); });
}

void ClientTransaction::Finish() {
  retransmit_.Stop();
  timeout_.Stop();
  wait_.Stop();
  host_->Terminated(id_);
}

// ---------------------------------------------------------------- INVITE

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
          Resend();
          ArmRetransmit(interval_ * 2);
          return;
        case Event::kProvisional:
          state_ = State::kProceeding;
          retransmit_.Stop();
          // Timer B guards Calling only (Figure 5): a ringing call waits for the TU's CANCEL.
          timeout_.Stop();
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kSuccess:
          state_ = State::kAccepted;
          retransmit_.Stop();
          timeout_.Stop();
          ArmWait(t.M());
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kFailure:
          state_ = State::kCompleted;
          retransmit_.Stop();
          timeout_.Stop();
          SendAck(*response);
          ArmWait(reliable() ? TimeDelta::Zero() : t.D());
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
      if (event == Event::kTimerD) Terminate();  // Timer M
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
  SipMessageBuilder ack = SipMessageBuilder::Request("ACK", request_.RequestUri());
  ack.AddHeader("Via", Unfold(request_.Vias().front().Format()));
  ack.AddHeader("Max-Forwards", "70");
  ack.AddHeader("From", Unfold(*request_.Find(HeaderId::kFrom)));
  ack.AddHeader("To", Unfold(*response.message.Find(HeaderId::kTo)));
  ack.AddHeader("Call-ID", Unfold(request_.CallId()));
  ack.AddHeader("CSeq", std::to_string(request_.Sequence().number) + " ACK");
  for (std::string_view route : request_.FindAll(HeaderId::kRoute)) ack.AddHeader("Route", Unfold(route));
  auto wire = ack.Serialize();
  if (!wire) return;  // built from parsed headers: cannot fail
  ack_ = std::move(*wire);
  host_->SendForTransaction(target_, *ack_);
}

void InviteClientTransaction::Terminate() {
  if (state_ == State::kTerminated) return;
  state_ = State::kTerminated;
  Finish();
}

// ---------------------------------------------------------------- non-INVITE

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
          Resend();
          // §17.1.2.2: doubling up to T2 in Trying; T2 once a provisional came.
          ArmRetransmit(state_ == State::kTrying ? std::min(interval_ * 2, t.t2) : t.t2);
          return;
        case Event::kProvisional:
          state_ = State::kProceeding;
          host_->DeliverResponse(id_, *response);
          return;
        case Event::kFinal:
          state_ = State::kCompleted;
          retransmit_.Stop();
          timeout_.Stop();
          ArmWait(reliable() ? TimeDelta::Zero() : t.K());
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
  Finish();
}

}  // namespace softmcu::sip
