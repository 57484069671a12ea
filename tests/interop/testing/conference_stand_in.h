#pragma once
// What the conference layer will be, reduced to what interop tests need: it listens to a
// SipStack running on its own EventLoopThread, answers offers with sdp::MediaNegotiator,
// and lets the test thread wait (bounded) for events. Callbacks arrive on the stack's
// loop thread; everything shared is under one mutex.

#include <chrono>
#include <future>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/testing/event_log.h"
#include "core/event_loop.h"
#include "signaling/sdp/media_negotiator.h"
#include "signaling/sip_stack.h"

namespace softmcu::interop {

using sip::CallHandle;

class ConferenceStandIn final : public sip::SipCallListener, public sip::SipMidCallListener, public sip::SipSecurityListener {
 public:
  enum class Answer { kAccept, kNothing, kReject };

  explicit ConferenceStandIn(sdp::MediaCapabilities capabilities = PlainRtpAllowed())
      : negotiator_(std::move(capabilities)) {}

  static sdp::MediaCapabilities PlainRtpAllowed() {
    sdp::MediaCapabilities caps;
    caps.srtp = sdp::SrtpPolicy::kAllowPlainRtp;
    return caps;
  }

  // Starts a stack on its own loop thread with `config` (listen addresses in it).
  bool StartStack(sip::SipStackConfig config) {
    stack_ = std::make_unique<sip::SipStack>(&thread_.loop(), std::move(config), this, this, this);
    std::promise<Result<std::vector<sip::TransportAddress>>> bound;
    thread_.loop().Post([&] { bound.set_value(stack_->Start()); });
    auto result = bound.get_future().get();
    if (!result) {
      error_ = result.error().message;
      return false;
    }
    bound_ = *result;
    return true;
  }
  // Destroys the stack on its loop thread, then stops the loop.
  void StopStack() {
    if (!stack_) return;
    std::promise<void> done;
    thread_.loop().Post([&] {
      stack_.reset();
      done.set_value();
    });
    done.get_future().wait();
  }
  ~ConferenceStandIn() { StopStack(); }

  sip::SipStack& stack() { return *stack_; }
  EventLoop& loop() { return thread_.loop(); }
  const std::vector<sip::TransportAddress>& bound() const { return bound_; }
  sip::TransportAddress Bound(sip::TransportKind kind) const {
    for (const auto& b : bound_) {
      if (b.kind == kind) return b;
    }
    return {};
  }
  const std::string& error() const { return error_; }

  // What to do with incoming calls and re-INVITEs (default: accept with the negotiator).
  void SetAnswer(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = answer;
  }
  // Replaces the negotiated answer (media tests put their real ports in here).
  void SetLocalMedia(sdp::LocalMedia local) {
    std::lock_guard lock(mutex_);
    local_ = std::move(local);
  }
  // Runs on the loop thread for each incoming call, before the stand-in answers.
  std::function<void(const sip::IncomingCall&)> on_incoming;

  // Waits until `count` events named `event` were seen; false after `limit`.
  bool WaitFor(const std::string& event, int count = 1, std::chrono::milliseconds limit = std::chrono::seconds(15)) {
    return log_.WaitFor(event, count, limit);
  }
  int Count(const std::string& event) { return log_.Count(event); }
  std::vector<std::string> Events() { return log_.All(); }
  std::string EventsText() { return log_.Text(); }
  std::vector<sip::IncomingCall> Incoming() {
    std::lock_guard lock(mutex_);
    return incoming_;
  }
  std::vector<sip::CallEnd> Ends() {
    std::lock_guard lock(mutex_);
    return ends_;
  }
  std::vector<sip::SecurityEvent> SecurityEvents() {
    std::lock_guard lock(mutex_);
    return security_;
  }
  std::optional<sdp::NegotiatedSession> LastSession() {
    std::lock_guard lock(mutex_);
    return last_session_;
  }
  std::optional<sdp::SessionDescription> LastRemoteAnswer() {
    std::lock_guard lock(mutex_);
    return last_answer_;
  }
  // The outcome of our last re-INVITE.
  std::optional<sip::ReInviteResult> LastReInviteResult() {
    std::lock_guard lock(mutex_);
    return last_reinvite_result_;
  }
  // The offer of the last re-INVITE the peer sent us.
  std::optional<sdp::SessionDescription> LastReOffer() {
    std::lock_guard lock(mutex_);
    return last_reoffer_;
  }
  const sdp::MediaNegotiator& negotiator() const { return negotiator_; }

  // SipCallListener
  void OnSipIncomingCall(const sip::IncomingCall& call) override {
    if (on_incoming) on_incoming(call);
    Answer answer;
    {
      std::lock_guard lock(mutex_);
      incoming_.push_back(call);
      answer = answer_;
    }
    if (answer == Answer::kReject) {
      stack_->Reject(call.handle, {.status = 403, .reason = "Forbidden", .security_event = true});
    } else if (answer == Answer::kAccept) {
      AnswerOffer(call.handle, call.offer, /*reinvite=*/false);
    }
    Record("incoming");  // after answering: a waiting test then finds the negotiated session
  }
  void OnSipCallRinging(CallHandle) override { Record("ringing"); }
  void OnSipCallAnswered(CallHandle, const sdp::SessionDescription& answer) override {
    {
      std::lock_guard lock(mutex_);
      last_answer_ = answer;
    }
    Record("answered");
  }
  void OnSipCallTerminated(CallHandle, const sip::CallEnd& end) override {
    {
      std::lock_guard lock(mutex_);
      ends_.push_back(end);
    }
    Record("terminated " + std::string(sip::ToString(end.reason)));
  }
  // SipMidCallListener
  void OnSipCallReInvite(CallHandle call, const std::optional<sdp::SessionDescription>& offer) override {
    {
      std::lock_guard lock(mutex_);
      last_reoffer_ = offer;
    }
    Record("reinvite");
    AnswerOffer(call, offer, /*reinvite=*/true);
  }
  void OnSipCallReInviteResult(CallHandle, const sip::ReInviteResult& result) override {
    {
      std::lock_guard lock(mutex_);
      last_reinvite_result_ = result;
    }
    Record(result.accepted ? "reinvite-accepted" : "reinvite-refused");
  }
  void OnSipCallKeyframeRequest(CallHandle) override { Record("keyframe"); }
  void OnSipCallDtmf(CallHandle, const sip::DtmfKey& key) override { Record(std::string("dtmf ") + key.key); }
  // SipSecurityListener
  void OnSipSecurityEvent(const sip::SecurityEvent& event) override {
    {
      std::lock_guard lock(mutex_);
      security_.push_back(event);
    }
    Record("security " + std::string(sip::ToString(event.kind)));
  }

 private:
  void AnswerOffer(CallHandle call, const std::optional<sdp::SessionDescription>& offer, bool reinvite) {
    sdp::LocalMedia local;
    {
      std::lock_guard lock(mutex_);
      local = local_;
    }
    if (!offer) {
      auto mine = negotiator_.CreateOffer(local);
      if (reinvite) return stack_->AnswerReInvite(call, mine->sdp);
      return stack_->Accept(call, mine->sdp);
    }
    auto result = negotiator_.AnswerOffer(*offer, local);
    if (!result) {
      Record("negotiation-failed " + result.error().reason);
      if (reinvite) return stack_->RejectReInvite(call, result.error().sip_status, result.error().reason);
      return stack_->Reject(call, {.status = result.error().sip_status, .reason = "Not Acceptable Here",
                                   .warning = result.error().reason});
    }
    {
      std::lock_guard lock(mutex_);
      last_session_ = result->session;
    }
    if (reinvite) return stack_->AnswerReInvite(call, result->answer);
    stack_->Accept(call, result->answer);
  }
  void Record(std::string event) { log_.Record(std::move(event)); }

  sdp::MediaNegotiator negotiator_;
  EventLoopThread thread_{"sip-test"};
  std::unique_ptr<sip::SipStack> stack_;
  std::vector<sip::TransportAddress> bound_;
  std::string error_;
  std::mutex mutex_;
  Answer answer_ = Answer::kAccept;
  sdp::LocalMedia local_{.audio = {.rtp_port = 40000}, .video = {.rtp_port = 40002}};
  softmcu::testing::EventLog log_;
  std::vector<sip::IncomingCall> incoming_;
  std::vector<sip::CallEnd> ends_;
  std::vector<sip::SecurityEvent> security_;
  std::optional<sdp::NegotiatedSession> last_session_;
  std::optional<sdp::SessionDescription> last_answer_;
  std::optional<sdp::SessionDescription> last_reoffer_;
  std::optional<sip::ReInviteResult> last_reinvite_result_;
};

}  // namespace softmcu::interop
