#include "signaling/sdp/h264_parameters.h"

#include <algorithm>

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

Result<std::optional<uint32_t>> ReadNumber(const Fmtp& fmtp, std::string_view key) {
  const FmtpParameter* p = fmtp.Find(key);
  if (p == nullptr) return std::optional<uint32_t>();
  auto v = p->value ? ParseUnsigned(*p->value, UINT32_MAX) : std::nullopt;
  if (!v) return MakeError(ErrorCode::kInvalidArgument, "H.264 " + std::string(key) + " is not a number");
  return std::optional<uint32_t>(static_cast<uint32_t>(*v));
}

}  // namespace

Result<H264Parameters> H264Parameters::FromFmtp(const Fmtp& fmtp) {
  H264Parameters params;
  if (auto text = fmtp.Value("profile-level-id")) {
    auto id = H264ProfileLevelId::Parse(*text);
    if (!id)
      return MakeError(ErrorCode::kInvalidArgument, "H.264 profile-level-id " + Quote(*text) + " is invalid");
    params.profile_level_id = *id;
  }
  auto mode = ReadNumber(fmtp, "packetization-mode");
  if (!mode) return tl::unexpected(mode.error());
  if (*mode) {
    if (**mode > 2)
      return MakeError(ErrorCode::kInvalidArgument, "H.264 packetization-mode is not 0, 1 or 2");
    params.packetization_mode = static_cast<uint8_t>(**mode);
  }
  auto asym = ReadNumber(fmtp, "level-asymmetry-allowed");
  if (!asym) return tl::unexpected(asym.error());
  params.level_asymmetry_allowed = asym->value_or(0) == 1;
  struct Field {
    const char* key;
    std::optional<uint32_t> H264Parameters::*member;
  };
  for (auto [key, member] :
       {Field{"max-mbps", &H264Parameters::max_mbps}, Field{"max-fs", &H264Parameters::max_fs},
        Field{"max-br", &H264Parameters::max_br}, Field{"max-smbps", &H264Parameters::max_smbps},
        Field{"max-fps", &H264Parameters::max_fps}}) {
    auto v = ReadNumber(fmtp, key);
    if (!v) return tl::unexpected(v.error());
    params.*member = *v;
  }
  if (auto sprop = fmtp.Value("sprop-parameter-sets")) params.sprop_parameter_sets = std::string(*sprop);
  return params;
}

std::vector<FmtpParameter> H264Parameters::ToFmtpParameters() const {
  std::vector<FmtpParameter> out;
  out.push_back({"profile-level-id", profile_level_id.ToString()});
  out.push_back({"packetization-mode", std::to_string(packetization_mode)});
  if (level_asymmetry_allowed) out.push_back({"level-asymmetry-allowed", "1"});
  if (max_mbps) out.push_back({"max-mbps", std::to_string(*max_mbps)});
  if (max_fs) out.push_back({"max-fs", std::to_string(*max_fs)});
  if (max_br) out.push_back({"max-br", std::to_string(*max_br)});
  if (sprop_parameter_sets) out.push_back({"sprop-parameter-sets", *sprop_parameter_sets});
  return out;
}

H264LevelLimits H264Parameters::EffectiveLimits() const {
  H264LevelLimits limits = LimitsOf(profile_level_id.level().value_or(H264Level::k1));
  limits.max_mbps = std::max(limits.max_mbps, max_mbps.value_or(0));
  limits.max_fs = std::max(limits.max_fs, max_fs.value_or(0));
  limits.max_br_kbps = std::max(limits.max_br_kbps, max_br.value_or(0));
  return limits;
}

}  // namespace softmcu::sdp
