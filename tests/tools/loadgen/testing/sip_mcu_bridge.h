#pragma once
// A SIP MCU for the loadgen's SIP tests, built from parts that exist: a real sip::SipStack
// on its own loop thread, and the in-process McuStandIn (reflect or compose, with its
// faults) on another, joined by this bridge.
//   - an INVITE from "loadgen-N" → McuStandIn::PlaceCall(N, offer); the stand-in's answer
//     → 200 OK, its refusal (McuStandInOptions::refuse) → that SIP status, never_answer →
//     no final answer (the caller times out and CANCELs);
//   - McuStandIn::DialOut(count) → an INVITE to sip:loadgen-N@<loadgen's address>; the
//     200's answer → the stand-in's responder; a refusal → its Reject.
// The test thread waits (bounded) for named events: "incoming", "answered", "failed 404",
// "terminated remote-bye", "reinvite-accepted", ...
//
// Threading: SIP callbacks on the stack's loop, stand-in callbacks on the stand-in's loop;
// the maps and events are under one mutex.

#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "tests/testing/event_log.h"
#include "core/event_loop.h"
#include "signaling/sip_stack.h"
#include "tools/loadgen/call_signaling.h"
#include "tools/loadgen/load_generator.h"
#include "tools/loadgen/mcu_stand_in.h"

namespace softmcu::loadgen::testing {

class SipMcuBridge final : public CallSignalingListener,
                           public sip::SipCallListener,
                           public sip::SipMidCallListener,
                           public sip::SipSecurityListener {
 public:
  explicit SipMcuBridge(const McuStandInOptions& options)
      : stand_in_(std::make_unique<McuStandIn>(options, stand_in_thread_.loop().context(), SystemClock::Instance())) {
    (void)stand_in_->Start(this);
    std::promise<void> armed;
    stand_in_thread_.loop().Post([&] {
      tick_ = stand_in_thread_.loop().Every(TimeDelta::Millis(5), [this] { stand_in_->Tick(); });
      armed.set_value();
    });
    armed.get_future().wait();
  }
  ~SipMcuBridge() {
    StopStack();
    std::promise<void> done;
    stand_in_thread_.loop().Post([&] {
      tick_.reset();
      stand_in_->Stop();
      stand_in_.reset();
      done.set_value();
    });
    done.get_future().wait();
  }

  // Listens on `listen` (e.g. udp:127.0.0.1:0); false with error() when it cannot.
  bool StartStack(sip::SipStackConfig config) {
    stack_ = std::make_unique<sip::SipStack>(&sip_thread_.loop(), std::move(config), this, this, this);
    std::promise<Result<std::vector<sip::TransportAddress>>> bound;
    sip_thread_.loop().Post([&] { bound.set_value(stack_->Start()); });
    auto result = bound.get_future().get();
    if (!result) {
      error_ = result.error().message;
      return false;
    }
    bound_ = *result;
    return true;
  }
  void StopStack() {
    if (!stack_) return;
    std::promise<void> done;
    sip_thread_.loop().Post([&] {
      stack_.reset();
      done.set_value();
    });
    done.get_future().wait();
  }
  sip::TransportAddress Bound(sip::TransportKind kind) const {
    for (const auto& b : bound_) {
      if (b.kind == kind) return b;
    }
    return {};
  }
  std::string Uri(sip::TransportKind kind, const std::string& room = "1000") const {
    return "sip:" + room + "@" + Bound(kind).HostPort() +
           (kind == sip::TransportKind::kUdp ? "" : ";transport=" + std::string(sip::UriParam(kind)));
  }
  const std::string& error() const { return error_; }
  sip::SipStack& stack() { return *stack_; }
  McuStandIn& stand_in() { return *stand_in_; }

  // Answer mode: the stand-in calls loadgen-0 .. count-1 at `loadgen` (host:port).
  void DialOut(uint32_t count, std::string loadgen_host_port) {
    {
      std::lock_guard lock(mutex_);
      loadgen_ = std::move(loadgen_host_port);
    }
    stand_in_->DialOut(count);
  }
  // A new offer in endpoint's established call: the stand-in's answer with `change`d SDP.
  bool SendReOffer(uint32_t endpoint, const std::function<void(sdp::SessionDescription&)>& change) {
    std::lock_guard lock(mutex_);
    auto it = by_endpoint_.find(endpoint);
    if (it == by_endpoint_.end() || !calls_[it->second].our_sdp) return false;
    sdp::SessionDescription offer = *calls_[it->second].our_sdp;
    change(offer);
    stack_->SendReInvite(sip::CallHandle{it->second}, offer);
    return true;
  }
  void RequestKeyframe(uint32_t endpoint) {
    std::lock_guard lock(mutex_);
    if (auto it = by_endpoint_.find(endpoint); it != by_endpoint_.end()) stack_->RequestKeyframe(sip::CallHandle{it->second});
  }
  // What an endpoint sent us: its offer (dial) or its answer (answer mode).
  std::optional<sdp::SessionDescription> TheirSdp(uint32_t endpoint) {
    std::lock_guard lock(mutex_);
    auto it = by_endpoint_.find(endpoint);
    return it == by_endpoint_.end() ? std::nullopt : calls_[it->second].their_sdp;
  }
  std::optional<sip::ReInviteResult> LastReInviteResult() {
    std::lock_guard lock(mutex_);
    return last_reinvite_;
  }
  std::vector<sip::IncomingCall> Incoming() {
    std::lock_guard lock(mutex_);
    return incoming_;
  }

  bool WaitFor(const std::string& event, int count = 1, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    return log_.WaitFor(event, count, limit);
  }
  int Count(const std::string& event) { return log_.Count(event); }
  std::string EventsText() { return log_.Text(); }

  // sip::SipCallListener — the loadgen dials in.
  void OnSipIncomingCall(const sip::IncomingCall& call) override {
    const std::string from = call.from_uri.substr(0, call.from_uri.find('@'));
    const auto endpoint = EndpointFromUser(from);
    {
      std::lock_guard lock(mutex_);
      incoming_.push_back(call);
      if (endpoint) {
        calls_[call.handle.value] = {*endpoint, call.offer, std::nullopt, nullptr};
        by_endpoint_[*endpoint] = call.handle.value;
      }
    }
    Record("incoming");
    if (!endpoint || !call.offer) {
      stack_->Reject(call.handle, {.status = 400, .reason = "Bad Request", .warning = "From is not loadgen-N"});
      return;
    }
    stand_in_->PlaceCall(*endpoint, {}, *call.offer);
  }
  void OnSipCallAnswered(sip::CallHandle call, const sdp::SessionDescription& answer) override {
    std::shared_ptr<IncomingCallResponder> responder;
    uint32_t endpoint = 0;
    {
      std::lock_guard lock(mutex_);
      auto it = calls_.find(call.value);
      if (it == calls_.end()) return;
      it->second.their_sdp = answer;
      responder = std::move(it->second.responder);
      endpoint = it->second.endpoint;
    }
    if (responder) responder->Accept(endpoint, answer);
    Record("answered");
  }
  void OnSipCallTerminated(sip::CallHandle call, const sip::CallEnd& end) override {
    std::shared_ptr<IncomingCallResponder> responder;
    std::optional<uint32_t> endpoint;
    {
      std::lock_guard lock(mutex_);
      if (auto it = calls_.find(call.value); it != calls_.end()) {
        endpoint = it->second.endpoint;
        responder = std::move(it->second.responder);
        by_endpoint_.erase(it->second.endpoint);
        calls_.erase(it);
      }
    }
    if (responder) responder->Reject(end.status, end.detail);
    if (endpoint) stand_in_->Hangup(*endpoint);
    Record(end.reason == sip::TerminationReason::kFailed ? "failed " + std::to_string(end.status)
                                                          : "terminated " + std::string(sip::ToString(end.reason)));
  }
  // sip::SipMidCallListener
  void OnSipCallReInvite(sip::CallHandle call, const std::optional<sdp::SessionDescription>&) override {
    stack_->RejectReInvite(call, 488, "not in this test");
  }
  void OnSipCallReInviteResult(sip::CallHandle, const sip::ReInviteResult& result) override {
    {
      std::lock_guard lock(mutex_);
      last_reinvite_ = result;
    }
    Record(result.accepted ? "reinvite-accepted" : "reinvite-refused " + std::to_string(result.status));
  }
  void OnSipCallKeyframeRequest(sip::CallHandle) override { Record("keyframe"); }
  void OnSipCallDtmf(sip::CallHandle, const sip::DtmfKey&) override {}
  void OnSipSecurityEvent(const sip::SecurityEvent&) override {}

  // CallSignalingListener — the stand-in answers or calls out.
  void OnCallAnswered(uint32_t endpoint, const sdp::SessionDescription& answer) override {
    std::lock_guard lock(mutex_);
    auto it = by_endpoint_.find(endpoint);
    if (it == by_endpoint_.end()) return;
    calls_[it->second].our_sdp = answer;
    stack_->Accept(sip::CallHandle{it->second}, answer);
  }
  void OnCallFailed(uint32_t endpoint, const CallFailure& failure) override {
    std::lock_guard lock(mutex_);
    auto it = by_endpoint_.find(endpoint);
    if (it == by_endpoint_.end()) return;
    stack_->Reject(sip::CallHandle{it->second}, {.status = failure.sip_status, .reason = failure.reason});
  }
  void OnCallEnded(uint32_t endpoint, const std::string& reason) override {
    std::lock_guard lock(mutex_);
    if (auto it = by_endpoint_.find(endpoint); it != by_endpoint_.end()) stack_->Hangup(sip::CallHandle{it->second}, reason);
  }
  void OnIncomingCall(const std::string& user, const sdp::SessionDescription& offer,
                      std::shared_ptr<IncomingCallResponder> responder) override {
    const uint32_t endpoint = EndpointFromUser(user).value_or(0);
    std::lock_guard lock(mutex_);
    sip::PlaceCallOptions options;
    options.answer_timeout = TimeDelta::Seconds(10);
    options.from_user = "mcu";
    const sip::CallHandle call = stack_->PlaceCall("sip:" + user + "@" + loadgen_, offer, options);
    calls_[call.value] = {endpoint, std::nullopt, offer, std::move(responder)};
    by_endpoint_[endpoint] = call.value;
  }
  void OnKeyframeRequested(uint32_t) override {}

 private:
  struct Call {
    uint32_t endpoint = 0;
    std::optional<sdp::SessionDescription> their_sdp;
    std::optional<sdp::SessionDescription> our_sdp;
    std::shared_ptr<IncomingCallResponder> responder;  // answer mode, until answered
  };

  void Record(std::string event) { log_.Record(std::move(event)); }

  EventLoopThread sip_thread_{"test-mcu-sip"};
  EventLoopThread stand_in_thread_{"test-mcu-media"};
  std::unique_ptr<McuStandIn> stand_in_;
  std::unique_ptr<EventLoop::RepeatingTask> tick_;
  std::unique_ptr<sip::SipStack> stack_;
  std::vector<sip::TransportAddress> bound_;
  std::string error_;
  std::mutex mutex_;
  std::string loadgen_;
  std::map<uint64_t, Call> calls_;
  std::map<uint32_t, uint64_t> by_endpoint_;
  std::vector<sip::IncomingCall> incoming_;
  std::optional<sip::ReInviteResult> last_reinvite_;
  softmcu::testing::EventLog log_;
};

}  // namespace softmcu::loadgen::testing
