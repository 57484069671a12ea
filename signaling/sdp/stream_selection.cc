#include "signaling/sdp/stream_selection.h"

#include <algorithm>

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

bool ProfileSupported(H264Profile profile) {
  return profile == H264Profile::kConstrainedBaseline || profile == H264Profile::kBaseline;
}

bool ModeSupported(uint8_t mode, const VideoCapabilities& caps) {
  return (mode == 1 && caps.packetization_mode_1) || (mode == 0 && caps.packetization_mode_0);
}

}  // namespace

tl::expected<AudioChoice, std::string> SelectAudioCodec(const MediaDescription& m,
                                                        const AudioCapabilities& caps) {
  std::optional<AudioChoice> choice;
  std::optional<Rtpmap> te8000;
  for (uint8_t pt : m.PayloadTypes()) {
    auto map = m.RtpmapFor(pt);
    if (!map) continue;
    if (map->Is("opus") && map->clock_rate == 48000 && map->channels.value_or(2) <= 2 && !choice) {
      auto fmtp = m.FmtpFor(pt);
      auto params = fmtp ? OpusParameters::FromFmtp(*fmtp) : OpusParameters{};
      if (!params) continue;  // a malformed Opus fmtp: skip this payload type
      choice = AudioChoice{.opus = *map, .remote = *params};
    }
  }
  if (!choice) {
    return tl::unexpected("no common audio codec: offered " + OfferedCodecNames(m) +
                          "; softmcu needs opus/48000");
  }
  if (!caps.telephone_event) return *choice;
  for (uint8_t pt : m.PayloadTypes()) {
    auto map = m.RtpmapFor(pt);
    if (!map || !map->Is("telephone-event")) continue;
    auto fmtp = m.FmtpFor(pt);
    auto events = TelephoneEvents::Default();
    if (fmtp && !fmtp->text.empty()) {
      auto parsed = TelephoneEvents::Parse(fmtp->text);
      if (!parsed) continue;
      events = *parsed;
    }
    if (map->clock_rate == 48000 && !choice->telephone_event) {
      choice->telephone_event = *map;
      choice->remote_events = events;
    } else if (map->clock_rate == 8000 && caps.accept_telephone_event_8000 && !te8000) {
      te8000 = *map;
      if (!choice->telephone_event) choice->remote_events = events;
    }
  }
  if (!choice->telephone_event) choice->telephone_event = te8000;
  return *choice;
}

tl::expected<VideoChoice, std::string> SelectVideoCodec(const MediaDescription& m,
                                                        const VideoCapabilities& caps) {
  std::optional<VideoChoice> best;
  bool saw_h264 = false;
  for (uint8_t pt : m.PayloadTypes()) {
    auto map = m.RtpmapFor(pt);
    if (!map || !map->Is("H264") || map->clock_rate != 90000) continue;
    saw_h264 = true;
    auto fmtp = m.FmtpFor(pt);
    auto params = fmtp ? H264Parameters::FromFmtp(*fmtp) : H264Parameters{};
    if (!params) continue;  // malformed profile-level-id or number: skip this payload type
    if (!ProfileSupported(params->profile_level_id.profile())) continue;
    if (!ModeSupported(params->packetization_mode, caps)) continue;
    auto their_level = params->profile_level_id.level().value_or(H264Level::k1);
    VideoChoice candidate{.h264 = *map, .remote = *params, .level = std::min(their_level, caps.max_level)};
    if (!best) {
      best = candidate;
    } else if (best->remote.packetization_mode != 1 && params->packetization_mode == 1) {
      best =
          candidate;  // packetization-mode 1 preferred: it carries frames larger than the MTU (RFC 6184 §6.3)
    }
  }
  if (best) return *best;
  if (saw_h264) {
    return tl::unexpected(std::string(
        "no common video codec: H.264 is offered only with a profile or packetization-mode softmcu does not "
        "support; softmcu needs constrained baseline or baseline with packetization-mode 1 or 0"));
  }
  return tl::unexpected("no common video codec: offered " + OfferedCodecNames(m) + "; softmcu needs H.264");
}

std::optional<CryptoAttribute> SelectCrypto(const MediaDescription& m,
                                            const std::vector<CryptoSuite>& suites) {
  auto cryptos = m.Cryptos();
  for (CryptoSuite suite : suites) {
    for (const auto& c : cryptos) {
      if (c.key && c.suite == suite && !c.unusable_reason) return c;
    }
  }
  return std::nullopt;
}

std::string SuiteList(const std::vector<CryptoSuite>& suites) {
  std::string out;
  for (size_t i = 0; i < suites.size(); ++i) {
    if (i > 0) out += i + 1 == suites.size() ? " or " : ", ";
    out += ToString(suites[i]);
  }
  return out;
}

RtcpFeedbackSet CommonFeedback(const MediaDescription& m, uint8_t pt, const RtcpFeedbackSet& ours) {
  RtcpFeedbackSet common;
  for (const auto& fb : m.RtcpFeedbackFor(pt)) {
    if (ours.Has(fb.Kind())) common.Add(fb.Kind());
  }
  return common;
}

std::string OfferedCodecNames(const MediaDescription& m) {
  std::vector<std::string> names;
  for (uint8_t pt : m.PayloadTypes()) {
    auto map = m.RtpmapFor(pt);
    std::string name = map ? map->encoding_name : std::to_string(pt);
    bool seen = false;
    for (const auto& n : names) seen = seen || EqualsIgnoreCase(n, name);
    if (!seen) names.push_back(name);
  }
  if (!m.IsRtp()) names = m.formats;
  std::string out;
  for (const auto& n : names) {
    if (out.size() > 200) {
      out += ", ...";
      break;
    }
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out.empty() ? std::string("nothing") : out;
}

}  // namespace softmcu::sdp
