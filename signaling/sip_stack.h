#pragma once
// The SIP stack as the daemon owns it: transports, transactions and the user agent on ONE
// signalling EventLoop, with thread-safe entry points for the conference layer.
//
//   SipStack stack(&signalling_loop, config, &calls, &mid_calls, &audit);
//   stack.SetPasswordLookup(...);                 // before Start
//   auto bound = stack.Start();                   // binds udp/tcp/tls listeners
//   ...
//   CallHandle h = stack.PlaceCall("sip:1000@192.0.2.7", offer, options);   // any thread
//   stack.Accept(incoming.handle, answer);                                  // any thread
//
// Every method but Start/SetPasswordLookup may be called from any thread: it posts to the
// loop and returns at once; results arrive as listener callbacks on the loop's thread.
// Arguments are copied. Handles stay valid (ignored once ended) for the stack's life.
//
// Lifetime: construct and Start() before the loop runs or on its thread; destroy it after
// the loop has stopped (or on the loop's thread). StopCalls() first ends every call
// politely (BYE, CANCEL, 503).

#include <memory>
#include <vector>

#include "core/clock.h"
#include "core/event_loop.h"
#include "core/result.h"
#include "core/timer_queue.h"
#include "core/timer_queue_driver.h"
#include "signaling/transport/sip_transport_layer.h"
#include "signaling/ua/sip_user_agent.h"

namespace softmcu::sip {

struct SipStackConfig {
  // Where to listen, e.g. udp:0.0.0.0:5060, tcp:0.0.0.0:5060, tls:0.0.0.0:5061 (port 0: any).
  std::vector<TransportAddress> listen;
  SipTransportConfig transport;
  UserAgentConfig user_agent;
};

class SipStack final : private SipTransportListener {
 public:
  SipStack(EventLoop* loop, SipStackConfig config, SipCallListener* call_listener,
           SipMidCallListener* mid_call_listener, SipSecurityListener* security_listener,
           const Clock* clock = SystemClock::Instance());
  ~SipStack();
  SipStack(const SipStack&) = delete;
  SipStack& operator=(const SipStack&) = delete;

  void SetPasswordLookup(DigestAuthenticator::PasswordLookup lookup);
  // Binds every listen address; the bound ones (with the ports chosen) on success.
  Result<std::vector<TransportAddress>> Start();

  // Thread-safe (posted to the loop).
  void Accept(CallHandle call, sdp::SessionDescription answer);
  void Reject(CallHandle call, RejectOptions options);
  void Challenge(CallHandle call, std::string realm);
  CallHandle PlaceCall(std::string target_uri, sdp::SessionDescription offer, PlaceCallOptions options = {});
  void Hangup(CallHandle call, std::string reason = {});
  void SendReInvite(CallHandle call, sdp::SessionDescription offer);
  void AnswerReInvite(CallHandle call, sdp::SessionDescription answer);
  void RejectReInvite(CallHandle call, int status, std::string reason);
  void SendInfo(CallHandle call, std::string content_type, std::string body);
  void RequestKeyframe(CallHandle call);
  // `done` runs on the loop's thread.
  void PingCall(CallHandle call, Call::PingDone done);
  void Ping(std::string target_uri, TransportKind transport, Call::PingDone done);
  void StopCalls();

  // For the loop's thread only (diagnostics, tests).
  SipUserAgent& user_agent() { return *user_agent_; }
  SipTransportLayer& transport() { return *transport_; }
  const std::vector<TransportAddress>& bound() const { return bound_; }

 private:
  template <typename F>
  void Post(F&& f);

  // The transport is built first and reports to the stack, which forwards to the user agent.
  void OnSipTransportMessage(IncomingMessage message) override;
  void OnSipTransportParseError(const TransportAddress& source, ConnectionId connection,
                                const SipError& error) override;
  void OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) override;
  void OnSipTransportViolation(const TransportAddress& source, std::string_view what) override;

  EventLoop* const loop_;
  const SipStackConfig config_;
  TimerQueue timers_;
  std::unique_ptr<TimerQueueDriver> driver_;
  std::unique_ptr<SipTransportLayer> transport_;
  std::unique_ptr<SipUserAgent> user_agent_;
  std::vector<TransportAddress> bound_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace softmcu::sip
