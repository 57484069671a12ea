#pragma once
// H.264 profile-level-id (RFC 6184 §8.1): three bytes in six hex digits,
//
//   profile_idc (8) | profile-iop: constraint_set0..5 flags + 2 reserved zero bits (8) | level_idc (8)
//
// The profile follows RFC 6184 Table 5 (libwebrtc's table in h264_profile_level_id.cc):
//   Constrained Baseline: 42 x1xx0000 (e.g. 42e0xx, 42c0xx, 4240xx), 4D 1xxx0000, 58 11xx0000
//   Baseline:             42 x0xx0000 (e.g. 4200xx, 4280xx),            58 10xx0000
//   Main: 4D 0x0x0000; High: 64 00000000; Constrained High: 64 00001100
// Level 1b is level_idc 11 with constraint_set3 for the Baseline/Main/Extended profiles
// (H.264 §A.3.1), or level_idc 9.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace softmcu::sdp {

enum class H264Profile { kConstrainedBaseline, kBaseline, kMain, kExtended, kHigh, kConstrainedHigh, kOther };

std::string_view ToString(H264Profile profile);

// Levels in H.264 Table A-1 order. k1b sits between 1 and 1.1.
enum class H264Level : uint8_t {
  k1,
  k1b,
  k1_1,
  k1_2,
  k1_3,
  k2,
  k2_1,
  k2_2,
  k3,
  k3_1,
  k3_2,
  k4,
  k4_1,
  k4_2,
  k5,
  k5_1,
  k5_2,
  k6,
  k6_1,
  k6_2,
};

// H.264 Table A-1 limits of one level.
struct H264LevelLimits {
  uint32_t max_mbps;     // macroblocks per second
  uint32_t max_fs;       // macroblocks per frame
  uint32_t max_br_kbps;  // VCL bit rate, Baseline/Main (cpbBrVclFactor 1000)
};
H264LevelLimits LimitsOf(H264Level level);
std::string_view ToString(H264Level level);

struct H264ProfileLevelId {
  uint8_t profile_idc = 0x42;
  uint8_t profile_iop = 0xe0;
  uint8_t level_idc = 0x1f;

  // Exactly six hex digits (either case); nullopt otherwise, or for an unknown level.
  static std::optional<H264ProfileLevelId> Parse(std::string_view text);
  // Builds the bytes for a profile and level (constrained baseline → 42e0xx).
  static H264ProfileLevelId Make(H264Profile profile, H264Level level);
  std::string ToString() const;  // lower-case hex, e.g. "42e01f"

  H264Profile profile() const;
  std::optional<H264Level> level() const;
  // The same profile bytes at another level (sets or clears the 1b constraint bit as needed).
  H264ProfileLevelId WithLevel(H264Level level) const;
};

}  // namespace softmcu::sdp
