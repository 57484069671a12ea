#include "signaling/sdp/opus_parameters.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

Result<bool> ReadFlag(const Fmtp& fmtp, std::string_view key) {
  auto v = fmtp.Value(key);
  if (!v) return false;
  if (*v == "0") return false;
  if (*v == "1") return true;
  return MakeError(ErrorCode::kInvalidArgument, "Opus " + std::string(key) + " is not 0 or 1");
}

Result<std::optional<uint32_t>> ReadRange(const Fmtp& fmtp, std::string_view key, uint32_t min,
                                          uint32_t max) {
  auto v = fmtp.Value(key);
  if (!v) return std::optional<uint32_t>();
  auto n = ParseUnsigned(*v, max);
  if (!n || *n < min) {
    return MakeError(ErrorCode::kInvalidArgument, "Opus " + std::string(key) + " is not in " +
                                                      std::to_string(min) + "-" + std::to_string(max));
  }
  return std::optional<uint32_t>(static_cast<uint32_t>(*n));
}

}  // namespace

Result<OpusParameters> OpusParameters::FromFmtp(const Fmtp& fmtp) {
  OpusParameters p;
  struct Flag {
    const char* key;
    bool OpusParameters::*member;
  };
  for (auto [key, member] :
       {Flag{"useinbandfec", &OpusParameters::useinbandfec}, Flag{"usedtx", &OpusParameters::usedtx},
        Flag{"stereo", &OpusParameters::stereo}, Flag{"sprop-stereo", &OpusParameters::sprop_stereo},
        Flag{"cbr", &OpusParameters::cbr}}) {
    auto v = ReadFlag(fmtp, key);
    if (!v) return tl::unexpected(v.error());
    p.*member = *v;
  }
  struct Number {
    const char* key;
    uint32_t min;
    uint32_t max;
    std::optional<uint32_t> OpusParameters::*member;
  };
  for (auto [key, min, max, member] :
       {Number{"maxplaybackrate", 8000, 48000, &OpusParameters::maxplaybackrate},
        Number{"sprop-maxcapturerate", 8000, 48000, &OpusParameters::sprop_maxcapturerate},
        Number{"maxaveragebitrate", 6000, 510000, &OpusParameters::maxaveragebitrate},
        Number{"ptime", 3, 120, &OpusParameters::ptime},
        Number{"minptime", 3, 120, &OpusParameters::minptime}}) {
    auto v = ReadRange(fmtp, key, min, max);
    if (!v) return tl::unexpected(v.error());
    p.*member = *v;
  }
  return p;
}

std::vector<FmtpParameter> OpusParameters::ToFmtpParameters() const {
  std::vector<FmtpParameter> out;
  if (minptime) out.push_back({"minptime", std::to_string(*minptime)});
  if (useinbandfec) out.push_back({"useinbandfec", "1"});
  if (usedtx) out.push_back({"usedtx", "1"});
  if (stereo) out.push_back({"stereo", "1"});
  if (sprop_stereo) out.push_back({"sprop-stereo", "1"});
  if (cbr) out.push_back({"cbr", "1"});
  if (maxplaybackrate) out.push_back({"maxplaybackrate", std::to_string(*maxplaybackrate)});
  if (sprop_maxcapturerate) out.push_back({"sprop-maxcapturerate", std::to_string(*sprop_maxcapturerate)});
  if (maxaveragebitrate) out.push_back({"maxaveragebitrate", std::to_string(*maxaveragebitrate)});
  if (ptime) out.push_back({"ptime", std::to_string(*ptime)});
  return out;
}

}  // namespace softmcu::sdp
