#pragma once
// Opus format parameters (RFC 7587 §7.1), e.g. "useinbandfec=1;usedtx=0;stereo=1".
// They state what the SDP's author prefers to RECEIVE (stereo, maxplaybackrate,
// maxaveragebitrate, useinbandfec, usedtx, cbr) or is likely to SEND (sprop-*).
// Absent flags default to 0; absent numbers are "no limit" (nullopt).

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "signaling/sdp/fmtp.h"

namespace softmcu::sdp {

struct OpusParameters {
  bool useinbandfec = false;
  bool usedtx = false;
  bool stereo = false;
  bool sprop_stereo = false;
  bool cbr = false;
  std::optional<uint32_t> maxplaybackrate;       // Hz, 8000-48000
  std::optional<uint32_t> sprop_maxcapturerate;  // Hz
  std::optional<uint32_t> maxaveragebitrate;     // bps, 6000-510000
  std::optional<uint32_t> ptime;                 // ms
  std::optional<uint32_t> minptime;              // ms

  // Out-of-range numbers and flags other than 0/1 are errors (RFC 7587 §7.1 ranges).
  static Result<OpusParameters> FromFmtp(const Fmtp& fmtp);
  std::vector<FmtpParameter> ToFmtpParameters() const;  // only the non-default ones
};

}  // namespace softmcu::sdp
