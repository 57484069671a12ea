#include "tools/loadgen/sip_call_signaling.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <filesystem>
#include <future>
#include <string_view>
#include <thread>

#include "signaling/tls/self_signed_certificate.h"

namespace softmcu::loadgen {
namespace {

// The MCU under test is our only peer, and it may call 500 endpoints in a burst.
constexpr double kPeerRequestsPerSecond = 1e6;
constexpr int kPeerBurst = 1'000'000;
constexpr size_t kMaxCalls = 2 * 4096 + 64;

// The user agent reports an INVITE that got no response at all, or could not be sent, as the
// 408 / 503 RFC 3261 §8.1.3.1 tells it to synthesize, with these details. The report wants
// the MCU's own status only: those become "no status" (a timeout, a local failure).
constexpr std::string_view kLocalTimeout = "no response (timeout)";
constexpr std::string_view kLocalTransportError = "transport error";

bool IsLocal(const sip::CallEnd& end) {
  return end.reason == sip::TerminationReason::kFailed &&
         ((end.status == 408 && end.detail == kLocalTimeout) || (end.status == 503 && end.detail == kLocalTransportError));
}

// A failed call counts as a timeout: no final answer in time (our CANCEL), a 408, or an
// INVITE that never got any response.
bool IsTimeout(const sip::CallEnd& end) {
  return end.reason == sip::TerminationReason::kNoAnswer || end.status == 408;
}

std::string Describe(const sip::CallEnd& end) {
  std::string text(sip::ToString(end.reason));
  if (!end.detail.empty()) text += ": " + end.detail;
  return text;
}

}  // namespace

// The answer to one incoming call, usable from any thread and after we are gone (then it
// does nothing: the stack has answered 503 or 480 already).
class SipCallSignaling::Responder final : public IncomingCallResponder {
 public:
  Responder(std::weak_ptr<Shared> shared, sip::CallHandle call) : shared_(std::move(shared)), call_(call) {}
  ~Responder() override {
    // Dropped without an answer (a generator bug or its shutdown): refuse, never leave the
    // MCU waiting for the stack's 480.
    if (!answered_.exchange(true)) Dispatch([call = call_](SipCallSignaling& s) {
      s.RejectIncoming(call, 500, "the load generator dropped the call");
    });
  }
  void Accept(uint32_t endpoint, const sdp::SessionDescription& answer) override {
    if (answered_.exchange(true)) return;
    Dispatch([call = call_, endpoint, answer](SipCallSignaling& s) { s.AcceptIncoming(call, endpoint, answer); });
  }
  void Reject(int sip_status, const std::string& reason) override {
    if (answered_.exchange(true)) return;
    Dispatch([call = call_, sip_status, reason](SipCallSignaling& s) { s.RejectIncoming(call, sip_status, reason); });
  }

 private:
  template <typename F>
  void Dispatch(F&& f) {
    auto shared = shared_.lock();
    if (!shared) return;
    std::lock_guard lock(shared->mutex);
    if (!shared->loop) return;
    shared->loop->Post([shared, f = std::forward<F>(f)]() mutable {
      // On the loop thread: the owner is cleared (under the mutex) before the loop stops.
      SipCallSignaling* owner;
      {
        std::lock_guard lock(shared->mutex);
        owner = shared->owner;
      }
      if (owner) f(*owner);
    });
  }

  const std::weak_ptr<Shared> shared_;
  const sip::CallHandle call_;
  std::atomic<bool> answered_{false};
};

SipCallSignaling::SipCallSignaling(SipCallSignalingOptions options)
    : options_(std::move(options)), negotiator_(options_.capabilities) {}

SipCallSignaling::~SipCallSignaling() { Stop(); }

sip::SipStackConfig SipCallSignaling::StackConfig() {
  sip::SipStackConfig config;
  const bool answer = options_.mode == SipCallSignalingOptions::Mode::kAnswer;
  const std::string host = answer ? options_.listen_address : options_.local_address;
  const uint16_t port = answer ? options_.listen_port : 0;
  std::vector<sip::TransportKind> kinds{sip::TransportKind::kUdp, sip::TransportKind::kTcp};
  if (options_.transport == sip::TransportKind::kTls) kinds.push_back(sip::TransportKind::kTls);
  asio::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  for (auto kind : kinds) config.listen.push_back({kind, address, port});
  config.user_agent.user_agent = "softmcu-loadgen";
  config.user_agent.contact_user = "loadgen";
  config.user_agent.rate_limit.requests_per_second = kPeerRequestsPerSecond;
  config.user_agent.rate_limit.burst = kPeerBurst;
  config.user_agent.max_calls = kMaxCalls;
  config.transport.max_connections_per_source = 1024;
  return config;
}

Result<void> SipCallSignaling::Start(CallSignalingListener* listener) {
  if (thread_) return MakeError(ErrorCode::kFailedPrecondition, "SIP signaling already started");
  listener_ = listener;
  asio::error_code ec;
  const std::string host =
      options_.mode == SipCallSignalingOptions::Mode::kAnswer ? options_.listen_address : options_.local_address;
  asio::ip::make_address(host, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "SIP: '" + host + "' is not an IP address");
  sip::SipStackConfig config = StackConfig();
  if (options_.transport == sip::TransportKind::kTls) {
    std::string pattern = (std::filesystem::temp_directory_path() / "softmcu-loadgen-tls-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) return MakeError(ErrorCode::kUnavailable, "SIP: cannot create a temporary directory");
    tls_dir_ = pattern;
    config.transport.tls.certificate_file = tls_dir_ + "/cert.pem";
    config.transport.tls.private_key_file = tls_dir_ + "/key.pem";
    sip::SelfSignedOptions cert;
    cert.common_name = "softmcu-loadgen";
    cert.ip_addresses = {host};
    if (auto made = sip::SelfSignedCertificate::Generate(cert, config.transport.tls.certificate_file,
                                                         config.transport.tls.private_key_file);
        !made) {
      return MakeError(ErrorCode::kUnavailable, "SIP TLS certificate: " + made.error().message);
    }
  }
  thread_ = std::make_unique<EventLoopThread>("lg-sip");
  std::promise<Result<std::vector<sip::TransportAddress>>> started;
  thread_->loop().Post([&] {
    sip::SipCallListener* calls = this;
    sip::SipMidCallListener* mid_calls = this;
    sip::SipSecurityListener* security = this;
    stack_ = std::make_unique<sip::SipStack>(&thread_->loop(), std::move(config), calls, mid_calls, security);
    started.set_value(stack_->Start());
  });
  auto bound = started.get_future().get();
  if (!bound) {
    const std::string message = "SIP: cannot listen: " + bound.error().message;
    Stop();
    return MakeError(ErrorCode::kUnavailable, message);
  }
  bound_ = *bound;
  {
    std::lock_guard lock(shared_->mutex);
    shared_->loop = &thread_->loop();
    shared_->owner = this;
  }
  for (const auto& b : bound_) spdlog::info("loadgen SIP listening on {}", b.ToString());
  return {};
}

void SipCallSignaling::Post(std::function<void()> task) {
  if (thread_) thread_->loop().Post(std::move(task));
}

void SipCallSignaling::PlaceCall(uint32_t endpoint, const CallTarget& target, const sdp::SessionDescription& offer) {
  Post([this, endpoint, target, offer] {
    if (stopping_) return;
    sip::PlaceCallOptions o;
    o.transport = options_.transport;
    o.answer_timeout = target.timeout;
    o.retries = 0;  // a load test reports refusals; it does not hide them by retrying
    o.credentials = options_.credentials;
    o.display_name = target.display_name;
    o.from_user = target.from_user.empty() ? fmt::format("loadgen-{}", endpoint) : target.from_user;
    const sip::CallHandle call = stack_->PlaceCall(target.uri, offer, o);
    if (auto old = by_endpoint_.find(endpoint); old != by_endpoint_.end()) calls_.erase(old->second);
    calls_[call.value] = CallState{endpoint, false, offer};
    by_endpoint_[endpoint] = call.value;
    live_.insert(call.value);
    {
      std::lock_guard lock(live_mutex_);
      live_count_ = live_.size();
    }
    ++stats_.placed;
  });
}

void SipCallSignaling::Hangup(uint32_t endpoint) {
  Post([this, endpoint] {
    auto it = by_endpoint_.find(endpoint);
    if (it == by_endpoint_.end()) return;
    const sip::CallHandle call{it->second};
    calls_.erase(it->second);
    by_endpoint_.erase(it);
    stack_->Hangup(call, "load test over");
  });
}

void SipCallSignaling::Forget(sip::CallHandle call) {
  if (auto it = calls_.find(call.value); it != calls_.end()) {
    by_endpoint_.erase(it->second.endpoint);
    calls_.erase(it);
  }
}

void SipCallSignaling::OnSipIncomingCall(const sip::IncomingCall& call) {
  live_.insert(call.handle.value);
  {
    std::lock_guard lock(live_mutex_);
    live_count_ = live_.size();
  }
  ++stats_.incoming;
  if (stopping_) {
    stack_->Reject(call.handle, {.status = 503, .reason = "Service Unavailable", .retry_after_seconds = 30});
    return;
  }
  if (options_.mode != SipCallSignalingOptions::Mode::kAnswer) {
    stack_->Reject(call.handle, {.status = 403, .reason = "Forbidden", .warning = "this load generator only dials"});
    return;
  }
  if (!call.offer) {
    // The generator answers offers; it does not make one for an offerless INVITE.
    stack_->Reject(call.handle, {.status = 488, .reason = "Not Acceptable Here",
                                 .warning = "softmcu-loadgen needs an SDP offer in the INVITE"});
    return;
  }
  spdlog::debug("loadgen SIP: call {} from {} for '{}'", call.handle.value, call.source.ToString(), call.request_user);
  pending_incoming_.insert(call.handle.value);
  listener_->OnIncomingCall(call.request_user, *call.offer, std::make_shared<Responder>(shared_, call.handle));
}

void SipCallSignaling::AcceptIncoming(sip::CallHandle call, uint32_t endpoint, const sdp::SessionDescription& answer) {
  if (stopping_) return;
  if (pending_incoming_.erase(call.value) == 0) {
    // The caller gave up (CANCEL) while the endpoint was answering: its media started, so
    // the endpoint learns that the call ended.
    listener_->OnCallEnded(endpoint, "the caller cancelled before our answer");
    return;
  }
  if (auto old = by_endpoint_.find(endpoint); old != by_endpoint_.end()) calls_.erase(old->second);
  calls_[call.value] = CallState{endpoint, true, answer};
  by_endpoint_[endpoint] = call.value;
  ++stats_.answered;
  stack_->Accept(call, answer);
}

void SipCallSignaling::RejectIncoming(sip::CallHandle call, int status, const std::string& reason) {
  if (pending_incoming_.erase(call.value) == 0) return;
  stack_->Reject(call, {.status = status, .reason = status == 404 ? "Not Found" : "Declined", .warning = reason});
}

void SipCallSignaling::OnSipCallAnswered(sip::CallHandle call, const sdp::SessionDescription& answer) {
  auto it = calls_.find(call.value);
  if (it == calls_.end() || it->second.established || stopping_) return;
  it->second.established = true;
  ++stats_.answered;
  listener_->OnCallAnswered(it->second.endpoint, answer);
}

void SipCallSignaling::OnSipCallTerminated(sip::CallHandle call, const sip::CallEnd& end) {
  live_.erase(call.value);
  {
    std::lock_guard lock(live_mutex_);
    live_count_ = live_.size();
  }
  live_changed_.notify_all();
  pending_incoming_.erase(call.value);
  auto it = calls_.find(call.value);
  if (it == calls_.end()) return;  // hung up by the generator, or never reported
  const CallState state = it->second;
  Forget(call);
  if (stopping_) return;
  if (state.established) {
    ++stats_.ended;
    listener_->OnCallEnded(state.endpoint, Describe(end));
  } else {
    ++stats_.failed;
    listener_->OnCallFailed(state.endpoint, CallFailure{.sip_status = IsLocal(end) ? 0 : end.status,
                                                        .reason = end.detail.empty() ? Describe(end) : end.detail,
                                                        .timeout = IsTimeout(end)});
  }
}

void SipCallSignaling::OnSipCallReInvite(sip::CallHandle call, const std::optional<sdp::SessionDescription>& offer) {
  auto it = calls_.find(call.value);
  if (it == calls_.end()) {
    stack_->RejectReInvite(call, 481, "Call/Transaction Does Not Exist");
    return;
  }
  if (!offer) {
    // A re-INVITE without SDP asks for our offer: what we had is still what we have.
    stack_->AnswerReInvite(call, it->second.local);
    ++stats_.re_offers_answered;
    return;
  }
  auto answer = re_offers_.Answer(*offer, it->second.local);
  if (!answer) {
    ++stats_.re_offers_refused;
    spdlog::warn("loadgen endpoint {}: re-offer refused: {}", it->second.endpoint, answer.error().reason);
    stack_->RejectReInvite(call, answer.error().sip_status, answer.error().reason);
    return;
  }
  ++stats_.re_offers_answered;
  stack_->AnswerReInvite(call, *answer);
}

void SipCallSignaling::OnSipCallKeyframeRequest(sip::CallHandle call) {
  auto it = calls_.find(call.value);
  if (it == calls_.end() || stopping_) return;
  ++stats_.keyframe_requests;
  listener_->OnKeyframeRequested(it->second.endpoint);
}

void SipCallSignaling::OnSipSecurityEvent(const sip::SecurityEvent& event) {
  spdlog::info("loadgen SIP: {} from {}: {}", sip::ToString(event.kind), event.source.ToString(), event.detail);
}

void SipCallSignaling::Stop() {
  if (!thread_) return;
  {
    // Responders stop posting; the ones already posted find no owner.
    std::lock_guard lock(shared_->mutex);
    shared_->owner = nullptr;
    shared_->loop = nullptr;
  }
  std::promise<bool> stopping;
  thread_->loop().Post([&] {
    stopping_ = true;
    // Every call ends politely; a load test must not leave hundreds of calls on the MCU.
    if (stack_) stack_->StopCalls();
    stopping.set_value(!live_.empty());
  });
  const bool had_calls = stopping.get_future().get();
  {
    std::unique_lock lock(live_mutex_);
    live_changed_.wait_for(lock, kStopWait, [&] { return live_count_ == 0; });
  }
  // The calls ended at once, but their BYEs, CANCELs and 503s are still in the sockets
  // (queued on TCP): let the loop send them (and take the answers) before the stack goes.
  if (had_calls) std::this_thread::sleep_for(kFlushWait);
  std::promise<void> destroyed;
  thread_->loop().Post([&] {
    stack_.reset();
    destroyed.set_value();
  });
  destroyed.get_future().wait();
  thread_.reset();
  if (!tls_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(tls_dir_, ignored);
    tls_dir_.clear();
  }
}

SipCallSignalingStats SipCallSignaling::stats() const {
  return {.placed = stats_.placed,
          .incoming = stats_.incoming,
          .answered = stats_.answered,
          .failed = stats_.failed,
          .ended = stats_.ended,
          .re_offers_answered = stats_.re_offers_answered,
          .re_offers_refused = stats_.re_offers_refused,
          .keyframe_requests = stats_.keyframe_requests};
}

}  // namespace softmcu::loadgen
