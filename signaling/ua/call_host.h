#pragma once
// What a Call needs from the user agent that owns it: the transaction layer, timers,
// configuration, the listeners, our addresses, and the indexes that route messages to
// calls. The user agent implements it; tests of a Call go through a real user agent.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timer_queue.h"
#include "signaling/dialog/dialog.h"
#include "signaling/dialog/session_timer.h"
#include "signaling/policy/security_event.h"
#include "signaling/transaction/transaction_layer.h"
#include "signaling/ua/call_types.h"
#include "signaling/ua/sip_call_listener.h"
#include "signaling/ua/user_agent_config.h"

namespace softmcu::sip {

class CallHost {
 public:
  virtual TransactionLayer& transactions() = 0;
  virtual TimerQueue* timers() = 0;
  virtual const Clock* clock() const = 0;
  virtual const UserAgentConfig& config() const = 0;
  virtual const SessionTimerNegotiation& session_timers() const = 0;
  virtual SipCallListener& call_listener() = 0;
  virtual SipMidCallListener& mid_call_listener() = 0;

  // "SIP/2.0/UDP host:port;branch=...;rport" for a request we send over `kind`.
  virtual std::string ViaFor(TransportKind kind, std::string_view branch) const = 0;
  // "<sip:mcu@host:port;transport=tcp>".
  virtual std::string ContactFor(TransportKind kind) const = 0;
  // "host:port" we are reachable at over `kind`.
  virtual std::string HostPortFor(TransportKind kind) const = 0;
  // Allow, Accept, Supported and Server/User-Agent headers we put on answers and requests.
  virtual std::vector<std::pair<std::string, std::string>> CapabilityHeaders() const = 0;

  // Routing of messages to this call.
  virtual void BindClientTransaction(TransactionId id, CallHandle call) = 0;
  virtual void BindDialog(const DialogId& id, CallHandle call) = 0;
  virtual void UnbindDialog(const DialogId& id) = 0;
  // The call has nothing left to do; the host deletes it on a later turn.
  virtual void CallFinished(CallHandle call) = 0;
  virtual void ReportSecurityEvent(SecurityEventKind kind, const TransportAddress& source, std::string detail,
                                   std::string user) = 0;

 protected:
  ~CallHost() = default;
};

}  // namespace softmcu::sip
