#pragma once
// What the SIP user agent tells the conference layer, on the signalling thread. The
// listener must not block (post to the conference's own thread and return), and may call
// back into the user agent from inside a callback (calls are queued, never re-entered).
//
// Every call handle the listener sees — incoming or placed — ends with exactly one
// OnSipCallTerminated; no event about it comes after that.

#include <optional>
#include <string>
#include <string_view>

#include "signaling/info/dtmf_relay.h"
#include "signaling/sdp/session_description.h"
#include "signaling/ua/call_types.h"

namespace softmcu::sip {

// The life of a call.
class SipCallListener {
 public:
  // Answer later with Accept / Reject / Challenge (from any thread, through SipStack).
  // Until then the caller hears 100 Trying, then 180 Ringing; without an answer within
  // UserAgentConfig::answer_timeout it gets 480 and the call ends with kNoAnswer.
  virtual void OnSipIncomingCall(const IncomingCall& call) = 0;
  // A placed call rings (180/183), once per attempt.
  virtual void OnSipCallRinging(CallHandle call) {}
  // A placed call was answered with `answer` (the peer's SDP); or, for an incoming call
  // Accept()ed with our offer (no offer in its INVITE), the answer from the ACK.
  virtual void OnSipCallAnswered(CallHandle call, const sdp::SessionDescription& answer) = 0;
  virtual void OnSipCallTerminated(CallHandle call, const CallEnd& end) = 0;

 protected:
  ~SipCallListener() = default;
};

// What happens inside an established call.
class SipMidCallListener {
 public:
  // The peer sent a new offer (re-INVITE or UPDATE: hold/resume, bitrate or codec change),
  // or a re-INVITE without SDP (nullopt: answer with our offer). Answer with
  // AnswerReInvite / RejectReInvite. Session refreshes that change nothing are answered
  // by the stack and not reported.
  virtual void OnSipCallReInvite(CallHandle call, const std::optional<sdp::SessionDescription>& offer) = 0;
  // The outcome of our SendReInvite.
  virtual void OnSipCallReInviteResult(CallHandle call, const ReInviteResult& result) = 0;
  // INFO application/media_control+xml picture_fast_update (RFC 5168).
  virtual void OnSipCallKeyframeRequest(CallHandle call) = 0;
  // INFO application/dtmf-relay or application/dtmf.
  virtual void OnSipCallDtmf(CallHandle call, const DtmfKey& key) = 0;

 protected:
  ~SipMidCallListener() = default;
};

}  // namespace softmcu::sip
