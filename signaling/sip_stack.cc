#include "signaling/sip_stack.h"

#include <asio/post.hpp>
#include <spdlog/spdlog.h>

namespace softmcu::sip {

SipStack::SipStack(EventLoop* loop, SipStackConfig config, SipCallListener* call_listener,
                   SipMidCallListener* mid_call_listener, SipSecurityListener* security_listener, const Clock* clock)
    : loop_(loop), config_(std::move(config)), timers_(clock) {
  driver_ = std::make_unique<TimerQueueDriver>(loop_, &timers_);
  SipTransportListener* self = this;
  transport_ = std::make_unique<SipTransportLayer>(loop_->context(), &timers_, clock, config_.transport, self);
  user_agent_ = std::make_unique<SipUserAgent>(config_.user_agent, transport_.get(), &timers_, clock, call_listener,
                                               mid_call_listener, security_listener);
}

SipStack::~SipStack() {
  *alive_ = false;
  transport_->Shutdown();
  user_agent_.reset();  // its calls hold timers and reference the transaction layer
  transport_.reset();
  driver_.reset();
}

void SipStack::SetPasswordLookup(DigestAuthenticator::PasswordLookup lookup) {
  user_agent_->SetPasswordLookup(std::move(lookup));
}

Result<std::vector<TransportAddress>> SipStack::Start() {
  bound_.clear();
  for (const auto& address : config_.listen) {
    auto bound = transport_->Listen(address);
    if (!bound) return tl::unexpected(bound.error());
    bound_.push_back(*bound);
  }
  return bound_;
}

template <typename F>
void SipStack::Post(F&& f) {
  loop_->Post([this, alive = alive_, f = std::forward<F>(f)]() mutable {
    if (*alive) f(*user_agent_);
  });
}

void SipStack::Accept(CallHandle call, sdp::SessionDescription answer) {
  Post([=](SipUserAgent& ua) { ua.Accept(call, answer); });
}

void SipStack::Reject(CallHandle call, RejectOptions options) {
  Post([=](SipUserAgent& ua) { ua.Reject(call, options); });
}

void SipStack::Challenge(CallHandle call, std::string realm) {
  Post([=](SipUserAgent& ua) { ua.Challenge(call, realm); });
}

CallHandle SipStack::PlaceCall(std::string target_uri, sdp::SessionDescription offer, PlaceCallOptions options) {
  const CallHandle call = user_agent_->NewHandle();
  Post([=](SipUserAgent& ua) { ua.PlaceCall(call, target_uri, offer, options); });
  return call;
}

void SipStack::Hangup(CallHandle call, std::string reason) {
  Post([=](SipUserAgent& ua) { ua.Hangup(call, reason); });
}

void SipStack::SendReInvite(CallHandle call, sdp::SessionDescription offer) {
  Post([=](SipUserAgent& ua) { ua.SendReInvite(call, offer); });
}

void SipStack::AnswerReInvite(CallHandle call, sdp::SessionDescription answer) {
  Post([=](SipUserAgent& ua) { ua.AnswerReInvite(call, answer); });
}

void SipStack::RejectReInvite(CallHandle call, int status, std::string reason) {
  Post([=](SipUserAgent& ua) { ua.RejectReInvite(call, status, reason); });
}

void SipStack::SendInfo(CallHandle call, std::string content_type, std::string body) {
  Post([=](SipUserAgent& ua) { ua.SendInfo(call, content_type, body); });
}

void SipStack::RequestKeyframe(CallHandle call) {
  Post([=](SipUserAgent& ua) { ua.RequestKeyframe(call); });
}

void SipStack::PingCall(CallHandle call, Call::PingDone done) {
  Post([=](SipUserAgent& ua) { ua.PingCall(call, done); });
}

void SipStack::Ping(std::string target_uri, TransportKind transport, Call::PingDone done) {
  Post([=](SipUserAgent& ua) { ua.Ping(target_uri, transport, done); });
}

void SipStack::StopCalls() {
  Post([](SipUserAgent& ua) { ua.Shutdown(); });
}

void SipStack::OnSipTransportMessage(IncomingMessage message) { user_agent_->OnSipTransportMessage(std::move(message)); }

void SipStack::OnSipTransportParseError(const TransportAddress& source, ConnectionId connection,
                                        const SipError& error) {
  user_agent_->OnSipTransportParseError(source, connection, error);
}

void SipStack::OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) {
  user_agent_->OnSipTransportFailure(destination, reason);
}

void SipStack::OnSipTransportViolation(const TransportAddress& source, std::string_view what) {
  user_agent_->OnSipTransportViolation(source, what);
}

}  // namespace softmcu::sip
