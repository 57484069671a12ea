#pragma once
// The seam between the load generator and whatever sets up its calls. The generator speaks
// SDP: for dial-in it hands over an offer (from sdp::MediaNegotiator::CreateOffer) and
// expects the far end's answer; in answer mode it is handed an offer and returns its answer
// (MediaNegotiator::AnswerOffer). Everything SIP — transactions, dialogs, digest, timers,
// BYE — lives behind this interface:
//   - SipCallSignaling (to come, on the SIP user agent of signaling/): PlaceCall ↔ the UA's
//     PlaceCall(target, offer) and its answered/failed/terminated events; incoming INVITEs
//     ↔ OnIncomingCall; a SIP INFO picture_fast_update ↔ OnKeyframeRequested.
//   - DirectSignaling (now): an in-process MCU stand-in answers, for tests and --direct.
//
// Endpoints are numbered 0 .. N-1; a call is identified by its endpoint's number.
//
// Threading: calls into a CallSignaling may come from any of the generator's threads and
// must return quickly (post the work); listener events may be delivered on any thread (the
// generator moves each to the endpoint's own loop). `listener` outlives the signaling.

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/units.h"
#include "signaling/sdp/session_description.h"

namespace softmcu::loadgen {

struct CallTarget {
  std::string uri;           // sip:ROOM@HOST:PORT
  std::string from_user;     // our user part, e.g. "loadgen-17"
  std::string display_name;  // "Loadgen 17"
  TimeDelta timeout = TimeDelta::Seconds(15);  // no final answer by then: a failure
};

// Why a call did not happen or ended early.
struct CallFailure {
  int sip_status = 0;   // the final response code; 0 when there was none
  std::string reason;   // reason phrase, Warning or our own words
  bool timeout = false; // no final response within CallTarget::timeout
};

// The response to one incoming call (answer mode). Exactly one of the two, once, any thread.
class IncomingCallResponder {
 public:
  virtual ~IncomingCallResponder() = default;
  virtual void Accept(uint32_t endpoint, const sdp::SessionDescription& answer) = 0;
  virtual void Reject(int sip_status, const std::string& reason) = 0;
};

class CallSignalingListener {
 public:
  virtual void OnCallAnswered(uint32_t endpoint, const sdp::SessionDescription& answer) = 0;
  virtual void OnCallFailed(uint32_t endpoint, const CallFailure& failure) = 0;
  // The far end ended an established call (BYE, session timer, transport failure).
  virtual void OnCallEnded(uint32_t endpoint, const std::string& reason) = 0;
  // Answer mode: the MCU calls us. `user` is the Request-URI's user part ("loadgen-17").
  virtual void OnIncomingCall(const std::string& user, const sdp::SessionDescription& offer,
                              std::shared_ptr<IncomingCallResponder> responder) = 0;
  // The far end asked for a keyframe outside RTCP (SIP INFO picture_fast_update).
  virtual void OnKeyframeRequested(uint32_t endpoint) = 0;

 protected:
  ~CallSignalingListener() = default;
};

class CallSignaling {
 public:
  virtual ~CallSignaling() = default;
  // Starts delivering events (and accepting incoming calls) to `listener`.
  virtual Result<void> Start(CallSignalingListener* listener) = 0;
  virtual void PlaceCall(uint32_t endpoint, const CallTarget& target, const sdp::SessionDescription& offer) = 0;
  // Ends the endpoint's call (CANCEL or BYE as the call's state needs); no event follows.
  virtual void Hangup(uint32_t endpoint) = 0;
  // Hangs up everything and stops; returns once nothing more will be delivered.
  virtual void Stop() = 0;
};

}  // namespace softmcu::loadgen
