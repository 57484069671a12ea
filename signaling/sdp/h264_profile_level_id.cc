#include "signaling/sdp/h264_profile_level_id.h"

#include <array>

namespace softmcu::sdp {
namespace {

struct LevelEntry {
  H264Level level;
  uint8_t level_idc;
  H264LevelLimits limits;
  const char* name;
};

// H.264 Table A-1.
constexpr std::array<LevelEntry, 20> kLevels = {{
    {H264Level::k1, 10, {1485, 99, 64}, "1"},
    {H264Level::k1b, 11, {1485, 99, 128}, "1b"},
    {H264Level::k1_1, 11, {3000, 396, 192}, "1.1"},
    {H264Level::k1_2, 12, {6000, 396, 384}, "1.2"},
    {H264Level::k1_3, 13, {11880, 396, 768}, "1.3"},
    {H264Level::k2, 20, {11880, 396, 2000}, "2"},
    {H264Level::k2_1, 21, {19800, 792, 4000}, "2.1"},
    {H264Level::k2_2, 22, {20250, 1620, 4000}, "2.2"},
    {H264Level::k3, 30, {40500, 1620, 10000}, "3"},
    {H264Level::k3_1, 31, {108000, 3600, 14000}, "3.1"},
    {H264Level::k3_2, 32, {216000, 5120, 20000}, "3.2"},
    {H264Level::k4, 40, {245760, 8192, 20000}, "4"},
    {H264Level::k4_1, 41, {245760, 8192, 50000}, "4.1"},
    {H264Level::k4_2, 42, {522240, 8704, 50000}, "4.2"},
    {H264Level::k5, 50, {589824, 22080, 135000}, "5"},
    {H264Level::k5_1, 51, {983040, 36864, 240000}, "5.1"},
    {H264Level::k5_2, 52, {2073600, 36864, 240000}, "5.2"},
    {H264Level::k6, 60, {4177920, 139264, 240000}, "6"},
    {H264Level::k6_1, 61, {8355840, 139264, 480000}, "6.1"},
    {H264Level::k6_2, 62, {16711680, 139264, 800000}, "6.2"},
}};

const LevelEntry& EntryOf(H264Level level) {
  return kLevels[static_cast<size_t>(level)];
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Matches an 8-bit profile-iop against a pattern such as "x1xx0000" (MSB first).
bool Matches(uint8_t iop, const char* pattern) {
  for (int i = 0; i < 8; ++i) {
    const bool bit = (iop >> (7 - i)) & 1;
    if (pattern[i] == '1' && !bit) return false;
    if (pattern[i] == '0' && bit) return false;
  }
  return true;
}

constexpr uint8_t kConstraintSet3 = 0x10;

bool Is1bCapable(uint8_t profile_idc) {
  return profile_idc == 0x42 || profile_idc == 0x4D || profile_idc == 0x58;
}

}  // namespace

std::string_view ToString(H264Profile profile) {
  switch (profile) {
    case H264Profile::kConstrainedBaseline:
      return "constrained baseline";
    case H264Profile::kBaseline:
      return "baseline";
    case H264Profile::kMain:
      return "main";
    case H264Profile::kExtended:
      return "extended";
    case H264Profile::kHigh:
      return "high";
    case H264Profile::kConstrainedHigh:
      return "constrained high";
    case H264Profile::kOther:
      return "other";
  }
  return "other";
}

H264LevelLimits LimitsOf(H264Level level) {
  return EntryOf(level).limits;
}

std::string_view ToString(H264Level level) {
  return EntryOf(level).name;
}

std::optional<H264ProfileLevelId> H264ProfileLevelId::Parse(std::string_view text) {
  if (text.size() != 6) return std::nullopt;
  uint8_t bytes[3];
  for (size_t i = 0; i < 3; ++i) {
    const int hi = HexValue(text[2 * i]);
    const int lo = HexValue(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  H264ProfileLevelId id{.profile_idc = bytes[0], .profile_iop = bytes[1], .level_idc = bytes[2]};
  if (!id.level()) return std::nullopt;
  return id;
}

H264ProfileLevelId H264ProfileLevelId::Make(H264Profile profile, H264Level level) {
  H264ProfileLevelId id;
  switch (profile) {
    case H264Profile::kConstrainedBaseline:
      id.profile_idc = 0x42, id.profile_iop = 0xe0;
      break;
    case H264Profile::kBaseline:
      id.profile_idc = 0x42, id.profile_iop = 0x00;
      break;
    case H264Profile::kMain:
      id.profile_idc = 0x4D, id.profile_iop = 0x00;
      break;
    case H264Profile::kExtended:
      id.profile_idc = 0x58, id.profile_iop = 0x00;
      break;
    case H264Profile::kHigh:
    case H264Profile::kOther:
      id.profile_idc = 0x64, id.profile_iop = 0x00;
      break;
    case H264Profile::kConstrainedHigh:
      id.profile_idc = 0x64, id.profile_iop = 0x0c;
      break;
  }
  return id.WithLevel(level);
}

std::string H264ProfileLevelId::ToString() const {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : {profile_idc, profile_iop, level_idc}) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

H264Profile H264ProfileLevelId::profile() const {
  // RFC 6184 Table 5, most specific patterns first.
  switch (profile_idc) {
    case 0x42:
      if (Matches(profile_iop, "x1xx0000")) return H264Profile::kConstrainedBaseline;
      if (Matches(profile_iop, "x0xx0000")) return H264Profile::kBaseline;
      return H264Profile::kOther;
    case 0x4D:
      if (Matches(profile_iop, "1xxx0000")) return H264Profile::kConstrainedBaseline;
      if (Matches(profile_iop, "0x0x0000")) return H264Profile::kMain;
      return H264Profile::kOther;
    case 0x58:
      if (Matches(profile_iop, "11xx0000")) return H264Profile::kConstrainedBaseline;
      if (Matches(profile_iop, "10xx0000")) return H264Profile::kBaseline;
      return H264Profile::kExtended;
    case 0x64:
      if (profile_iop == 0x00) return H264Profile::kHigh;
      if (profile_iop == 0x0c) return H264Profile::kConstrainedHigh;
      return H264Profile::kOther;
    default:
      return H264Profile::kOther;
  }
}

std::optional<H264Level> H264ProfileLevelId::level() const {
  if (level_idc == 9) return H264Level::k1b;  // High profiles signal 1b as level_idc 9
  if (level_idc == 11 && Is1bCapable(profile_idc) && (profile_iop & kConstraintSet3)) return H264Level::k1b;
  for (const auto& e : kLevels) {
    if (e.level != H264Level::k1b && e.level_idc == level_idc) return e.level;
  }
  return std::nullopt;
}

H264ProfileLevelId H264ProfileLevelId::WithLevel(H264Level level) const {
  H264ProfileLevelId id = *this;
  if (Is1bCapable(profile_idc)) id.profile_iop &= static_cast<uint8_t>(~kConstraintSet3);
  if (level == H264Level::k1b) {
    if (Is1bCapable(profile_idc)) {
      id.profile_iop |= kConstraintSet3;
      id.level_idc = 11;
    } else {
      id.level_idc = 9;
    }
  } else {
    id.level_idc = EntryOf(level).level_idc;
  }
  return id;
}

}  // namespace softmcu::sdp
