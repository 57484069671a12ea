#pragma once
// a=rtcp-fb (RFC 4585 §4.2), one feedback message type for one payload type or all ('*'):
//
//   a=rtcp-fb:<pt|*> <type> [<parameter>]      e.g. "97 nack pli", "* ccm fir", "96 goog-remb"
//
// nack (RFC 4585), nack pli (RFC 4585 §6.3.1), ccm fir / ccm tmmbr (RFC 5104 §7.1) and
// goog-remb (draft-alvestrand-rmcat-remb) are the ones softmcu acts on; others are kept as
// kOther so they can be ignored. trr-int is a separate form ("* trr-int 100"), kept as kOther.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace softmcu::sdp {

enum class RtcpFeedbackType { kNack, kNackPli, kCcmFir, kCcmTmmbr, kGoogRemb, kTransportCc, kOther };

struct RtcpFeedback {
  std::optional<uint8_t> payload_type;  // nullopt: '*', every payload type of the m-line
  std::string type;                     // "nack", "ccm", ...
  std::string parameter;                // "pli", "fir", "" ...

  static Result<RtcpFeedback> Parse(std::string_view value);
  static RtcpFeedback Make(std::optional<uint8_t> payload_type, RtcpFeedbackType type);
  std::string Format() const;
  RtcpFeedbackType Kind() const;
  bool AppliesTo(uint8_t pt) const { return !payload_type || *payload_type == pt; }
};

// A set of the feedback kinds softmcu understands, for one negotiated payload type.
struct RtcpFeedbackSet {
  bool nack = false;
  bool pli = false;
  bool fir = false;
  bool tmmbr = false;
  bool remb = false;
  bool transport_cc = false;

  void Add(RtcpFeedbackType type);
  bool Has(RtcpFeedbackType type) const;
  bool Empty() const { return !(nack || pli || fir || tmmbr || remb || transport_cc); }
  bool operator==(const RtcpFeedbackSet&) const = default;
};

}  // namespace softmcu::sdp
