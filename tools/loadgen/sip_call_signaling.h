#pragma once
// CallSignaling over real SIP: one sip::SipStack (transports, transactions, the user agent)
// on its own signalling thread, shared by every endpoint of the generator. Nothing here is
// softmcu-specific: any standard SIP MCU can be dialled or can call us.
//
//   dial    PlaceCall(endpoint, {uri, from_user "loadgen-N", display name, timeout}, offer)
//           → SipStack::PlaceCall; 2xx → OnCallAnswered; refused, timed out or cancelled
//           before the answer → OnCallFailed{status, reason, timeout}; ended after it (BYE,
//           session timer, transport) → OnCallEnded.
//   answer  the MCU calls loadgen-N at our listen address: OnIncomingCall(request user,
//           offer, responder); the responder's Accept/Reject become our 200 / final answer.
//   both    INFO picture_fast_update → OnKeyframeRequested; a re-INVITE or UPDATE with a new
//           offer (the MCU's resolution or bitrate change) is answered by ReOfferAnswerer
//           with the call's ports and keys, so it never kills a call; refreshes that change
//           nothing are answered by the stack.
//
// Listening: dial mode binds UDP and TCP (TLS too when asked) on `local_address` port 0 —
// the stack sends requests from its listening socket and writes it in Via/Contact; answer
// mode binds the given address on UDP and TCP. TLS gets a throw-away self-signed
// certificate in a temporary directory (removed in Stop()).
//
// The stack's protections are for a daemon facing the network; here the peer is the MCU
// under test, so its per-source rate limit and call cap are lifted to load-test sizes.
//
// Threading: Start()/Stop() on the owner's thread. PlaceCall/Hangup and the responders'
// Accept/Reject from any thread (they post to the signalling thread). Listener events are
// delivered on the signalling thread, never after Stop() returns. Everything mutable is
// touched only on that thread, so no locks but the one that lets responders outlive us.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event_loop.h"
#include "signaling/sip_stack.h"
#include "tools/loadgen/call_signaling.h"
#include "tools/loadgen/re_offer_answerer.h"

namespace softmcu::loadgen {

struct SipCallSignalingOptions {
  enum class Mode { kDial, kAnswer };
  Mode mode = Mode::kDial;
  // Our address for SIP (dial mode listens here on port 0).
  std::string local_address = "127.0.0.1";
  // Answer mode: where the MCU calls us (UDP and TCP on this address and port; 0: any).
  std::string listen_address = "127.0.0.1";
  uint16_t listen_port = 0;
  // Dial mode: the transport of our INVITEs unless the target URI says (transport=, sips:).
  sip::TransportKind transport = sip::TransportKind::kUdp;
  // Answered to 401/407 challenges when set.
  std::optional<sip::DigestCredentials> credentials;
  // The endpoints' media capabilities (EndpointCapabilities()): re-offers are answered
  // with them.
  sdp::MediaCapabilities capabilities;
};

struct SipCallSignalingStats {
  uint64_t placed = 0;
  uint64_t incoming = 0;
  uint64_t answered = 0;  // our calls answered + incoming calls we accepted
  uint64_t failed = 0;
  uint64_t ended = 0;
  uint64_t re_offers_answered = 0;
  uint64_t re_offers_refused = 0;
  uint64_t keyframe_requests = 0;
};

class SipCallSignaling final : public CallSignaling,
                               private sip::SipCallListener,
                               private sip::SipMidCallListener,
                               private sip::SipSecurityListener {
 public:
  explicit SipCallSignaling(SipCallSignalingOptions options);
  ~SipCallSignaling() override;
  SipCallSignaling(const SipCallSignaling&) = delete;
  SipCallSignaling& operator=(const SipCallSignaling&) = delete;

  // Starts the signalling thread and binds; an error names the address that failed.
  Result<void> Start(CallSignalingListener* listener) override;
  void PlaceCall(uint32_t endpoint, const CallTarget& target, const sdp::SessionDescription& offer) override;
  void Hangup(uint32_t endpoint) override;
  // Ends every call (BYE, CANCEL, 503), waits for them to end (at most `kStopWait`), stops
  // the thread. Nothing is delivered after it returns. Idempotent.
  void Stop() override;

  // Where we listen, with the ports chosen (after Start).
  const std::vector<sip::TransportAddress>& bound() const { return bound_; }
  SipCallSignalingStats stats() const;

  static constexpr auto kStopWait = std::chrono::seconds(3);
  static constexpr auto kFlushWait = std::chrono::milliseconds(300);

 private:
  class Responder;
  struct CallState {
    uint32_t endpoint = 0;
    bool established = false;
    sdp::SessionDescription local;  // the SDP we last sent: our offer or our answer
  };
  // What responders reach after we are gone: the loop while it runs, under a mutex.
  struct Shared {
    std::mutex mutex;
    EventLoop* loop = nullptr;
    SipCallSignaling* owner = nullptr;
  };

  // sip::SipCallListener.
  void OnSipIncomingCall(const sip::IncomingCall& call) override;
  void OnSipCallAnswered(sip::CallHandle call, const sdp::SessionDescription& answer) override;
  void OnSipCallTerminated(sip::CallHandle call, const sip::CallEnd& end) override;
  // sip::SipMidCallListener.
  void OnSipCallReInvite(sip::CallHandle call, const std::optional<sdp::SessionDescription>& offer) override;
  void OnSipCallReInviteResult(sip::CallHandle, const sip::ReInviteResult&) override {}
  void OnSipCallKeyframeRequest(sip::CallHandle call) override;
  void OnSipCallDtmf(sip::CallHandle, const sip::DtmfKey&) override {}
  // sip::SipSecurityListener.
  void OnSipSecurityEvent(const sip::SecurityEvent& event) override;

  // On the loop thread, from a responder.
  void AcceptIncoming(sip::CallHandle call, uint32_t endpoint, const sdp::SessionDescription& answer);
  void RejectIncoming(sip::CallHandle call, int status, const std::string& reason);
  sip::SipStackConfig StackConfig();
  void Forget(sip::CallHandle call);
  void Post(std::function<void()> task);

  const SipCallSignalingOptions options_;
  const sdp::MediaNegotiator negotiator_;
  const ReOfferAnswerer re_offers_{&negotiator_};
  CallSignalingListener* listener_ = nullptr;
  std::unique_ptr<EventLoopThread> thread_;
  std::unique_ptr<sip::SipStack> stack_;
  std::vector<sip::TransportAddress> bound_;
  std::string tls_dir_;  // the throw-away certificate's directory, when TLS is used
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();

  // Loop thread only.
  bool stopping_ = false;
  std::map<uint64_t, CallState> calls_;           // calls the generator knows about
  std::unordered_map<uint32_t, uint64_t> by_endpoint_;
  std::set<uint64_t> pending_incoming_;           // offered to the generator, not yet answered
  std::set<uint64_t> live_;                       // every handle not yet terminated

  // Stop() waits on these.
  std::mutex live_mutex_;
  std::condition_variable live_changed_;
  size_t live_count_ = 0;  // GUARDED_BY(live_mutex_)

  struct AtomicStats {
    std::atomic<uint64_t> placed{0}, incoming{0}, answered{0}, failed{0}, ended{0}, re_offers_answered{0},
        re_offers_refused{0}, keyframe_requests{0};
  } stats_;
};

}  // namespace softmcu::loadgen
