#pragma once
// H.264 format parameters (RFC 6184 §8.1) read from an a=fmtp, e.g.
// "profile-level-id=42e01f;packetization-mode=1;max-mbps=108000;max-fs=3600".
//
// Absent parameters take the RFC defaults: profile-level-id 42000a (Baseline, level 1),
// packetization-mode 0. max-mbps/max-fs/max-br may only raise the level's limits
// (RFC 6184 §8.1: "MUST be greater than or equal to the value of the level"): the
// effective limits are the maximum of both, see EffectiveLimits().

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "signaling/sdp/fmtp.h"
#include "signaling/sdp/h264_profile_level_id.h"

namespace softmcu::sdp {

struct H264Parameters {
  H264ProfileLevelId profile_level_id{0x42, 0x00, 0x0a};
  uint8_t packetization_mode = 0;  // 0 single NAL, 1 non-interleaved, 2 interleaved
  bool level_asymmetry_allowed = false;
  std::optional<uint32_t> max_mbps;
  std::optional<uint32_t> max_fs;
  std::optional<uint32_t> max_br;  // kbps (units of 1000 bits/s for VCL, RFC 6184 §8.1)
  std::optional<uint32_t> max_smbps;
  std::optional<uint32_t> max_fps;                  // RFC 6184 §8.1: in units of 1/100 fps; rarely sent
  std::optional<std::string> sprop_parameter_sets;  // base64 SPS,PPS kept as written

  // Reads the parameters out of an fmtp; a bad profile-level-id or number is an error.
  // Unknown parameters are ignored.
  static Result<H264Parameters> FromFmtp(const Fmtp& fmtp);
  // Parameters for an answer or offer fmtp (profile-level-id, packetization-mode, and the
  // max-* present), in a fixed order.
  std::vector<FmtpParameter> ToFmtpParameters() const;

  // The receive limits these parameters announce: level limits raised by max-*.
  H264LevelLimits EffectiveLimits() const;
};

}  // namespace softmcu::sdp
