#include "signaling/transaction/server_transaction.h"

#include <algorithm>

#include "signaling/transaction/response_factory.h"

namespace softmcu::sip {

ServerTransaction::ServerTransaction(TransactionId id, TransactionHost* host, IncomingMessage request)
    : Transaction(id, host, ResponseTarget(request)), request_(std::move(request)) {}

// ---------------------------------------------------------------- INVITE

InviteServerTransaction::InviteServerTransaction(TransactionId id, TransactionHost* host, IncomingMessage request)
    : ServerTransaction(id, host, std::move(request)), timer_g_(host->timers()), timer_h_(host->timers()) {}

void InviteServerTransaction::Start() {
  auto trying = BuildResponse(request_, 100, "Trying");
  if (trying) Respond(*trying);
}

void InviteServerTransaction::OnRequest(const IncomingMessage& request) {
  Handle(request.message.Method() == "ACK" ? Event::kAck : Event::kRetransmission, &request, nullptr);
}

bool InviteServerTransaction::Respond(const SipMessage& response) {
  const int code = response.StatusCode();
  const Event event = code < 200 ? Event::kProvisional : code < 300 ? Event::kSuccess : Event::kFailure;
  return Handle(event, nullptr, &response);
}

void InviteServerTransaction::OnTransportFailure() { Handle(Event::kTransportError, nullptr, nullptr); }

bool InviteServerTransaction::Handle(Event event, const IncomingMessage* request, const SipMessage* response) {
  const TransactionTimers& t = host_->timer_values();
  auto send = [&](const SipMessage& message) {
    last_response_ = message.Serialize();
    host_->SendForTransaction(target_, last_response_);
  };
  switch (state_) {
    case State::kProceeding:
      switch (event) {
        case Event::kRetransmission:
          if (!last_response_.empty()) host_->SendForTransaction(target_, last_response_);
          return true;
        case Event::kProvisional:
          send(*response);
          return true;
        case Event::kSuccess:
          send(*response);
          state_ = State::kAccepted;
          timer_h_.Start(t.L(), [this] { Handle(Event::kTimerL, nullptr, nullptr); });
          return true;
        case Event::kFailure:
          send(*response);
          state_ = State::kCompleted;
          if (!reliable()) {
            g_interval_ = t.G();
            timer_g_.Start(g_interval_, [this] { Handle(Event::kTimerG, nullptr, nullptr); });
          }
          timer_h_.Start(t.H(), [this] { Handle(Event::kTimerH, nullptr, nullptr); });
          return true;
        case Event::kTransportError:
          host_->DeliverFailure(id_, TransactionFailure::kTransportError);
          Terminate();
          return true;
        default:
          return false;
      }
    case State::kAccepted:
      switch (event) {
        case Event::kSuccess:  // the TU retransmits its 2xx (§13.3.1.4) through us
          send(*response);
          return true;
        case Event::kAck:
          host_->DeliverAck(id_, *request);
          return true;
        case Event::kTimerL:
          Terminate();
          return true;
        default:
          return event == Event::kRetransmission;  // absorbed
      }
    case State::kCompleted:
      switch (event) {
        case Event::kRetransmission:
          host_->SendForTransaction(target_, last_response_);
          return true;
        case Event::kTimerG:
          host_->SendForTransaction(target_, last_response_);
          g_interval_ = std::min(g_interval_ * 2, t.t2);
          timer_g_.Start(g_interval_, [this] { Handle(Event::kTimerG, nullptr, nullptr); });
          return true;
        case Event::kAck:
          state_ = State::kConfirmed;
          timer_g_.Stop();
          timer_h_.Start(reliable() ? TimeDelta::Zero() : t.I(), [this] { Handle(Event::kTimerI, nullptr, nullptr); });
          return true;
        case Event::kTimerH:
          host_->DeliverFailure(id_, TransactionFailure::kNoAck);
          Terminate();
          return true;
        case Event::kTransportError:
          host_->DeliverFailure(id_, TransactionFailure::kTransportError);
          Terminate();
          return true;
        default:
          return false;
      }
    case State::kConfirmed:
      if (event == Event::kTimerI) Terminate();
      return event == Event::kAck || event == Event::kRetransmission || event == Event::kTimerI;
    case State::kTerminated:
      return false;
  }
  return false;
}

void InviteServerTransaction::Terminate() {
  if (state_ == State::kTerminated) return;
  state_ = State::kTerminated;
  timer_g_.Stop();
  timer_h_.Stop();
  host_->Terminated(id_);
}

// ---------------------------------------------------------------- non-INVITE

NonInviteServerTransaction::NonInviteServerTransaction(TransactionId id, TransactionHost* host,
                                                       IncomingMessage request)
    : ServerTransaction(id, host, std::move(request)), timer_j_(host->timers()) {}

void NonInviteServerTransaction::OnRequest(const IncomingMessage&) {
  // Trying: absorbed (§17.2.2); later: the last response again.
  if (state_ == State::kProceeding || state_ == State::kCompleted)
    host_->SendForTransaction(target_, last_response_);
}

bool NonInviteServerTransaction::Respond(const SipMessage& response) {
  if (state_ != State::kTrying && state_ != State::kProceeding) return false;
  last_response_ = response.Serialize();
  host_->SendForTransaction(target_, last_response_);
  if (response.StatusCode() < 200) {
    state_ = State::kProceeding;
    return true;
  }
  state_ = State::kCompleted;
  timer_j_.Start(reliable() ? TimeDelta::Zero() : host_->timer_values().J(), [this] { Terminate(); });
  return true;
}

void NonInviteServerTransaction::OnTransportFailure() {
  if (state_ == State::kTerminated) return;
  host_->DeliverFailure(id_, TransactionFailure::kTransportError);
  Terminate();
}

void NonInviteServerTransaction::Terminate() {
  if (state_ == State::kTerminated) return;
  state_ = State::kTerminated;
  timer_j_.Stop();
  host_->Terminated(id_);
}

}  // namespace softmcu::sip
