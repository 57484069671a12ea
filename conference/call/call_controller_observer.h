#pragma once
// What call control reports beyond the rooms' own events: refused calls (for the audit
// log and the security alarms), call failures and redials (for the logbook's incidents and
// the console). Called on the signalling thread; implementations queue, they do not block.

#include <string>
#include <string_view>

#include "mixer/floor/floor_types.h"

namespace softmcu {

struct CallRefusal {
  std::string room;        // the number dialled (may not exist)
  std::string from_uri;
  std::string source;      // "ip:port"
  int sip_status = 0;
  std::string reason;      // what the caller was told, and why in more words
  bool security = false;   // an allow-list refusal: the audit log's security events
};

struct CallIncident {
  std::string room;
  ParticipantId participant = 0;
  int sip_status = 0;      // 0 when none (RTP timeout, local failure)
  bool rtp_timeout = false;
  std::string detail;      // "BYE from the network side", "408 Request Timeout", ...
};

class CallControllerObserver {
 public:
  virtual void OnCallRefused(const CallRefusal& refusal) = 0;
  // A point's call failed or dropped; the controller redials it when `redial_in_s` > 0.
  virtual void OnCallIncident(const CallIncident& incident, double redial_in_s) = 0;

 protected:
  ~CallControllerObserver() = default;
};

}  // namespace softmcu
