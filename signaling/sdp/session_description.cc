#include "signaling/sdp/session_description.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

std::optional<Attribute const*> FirstIn(const std::vector<Attribute>& attrs, std::string_view name) {
  for (const auto& a : attrs) {
    if (a.name == name) return &a;
  }
  return std::nullopt;
}

std::optional<MediaDirection> DirectionIn(const std::vector<Attribute>& attrs) {
  for (const auto& a : attrs) {
    if (a.value) continue;
    if (auto d = ParseMediaDirection(a.name)) return d;
  }
  return std::nullopt;
}

std::optional<uint64_t> BandwidthIn(const std::vector<Bandwidth>& bws, std::string_view type) {
  for (const auto& b : bws) {
    if (EqualsIgnoreCase(b.type, type)) return b.value;
  }
  return std::nullopt;
}

template <typename View>
std::vector<View> ParseAll(const MediaDescription& m, std::string_view name) {
  std::vector<View> out;
  for (const Attribute* a : m.FindAttributes(name)) {
    if (!a->value) continue;
    if (auto v = View::Parse(*a->value)) out.push_back(std::move(*v));
  }
  return out;
}

std::optional<uint32_t> UnsignedAttribute(const MediaDescription& m, std::string_view name) {
  const Attribute* a = m.FindAttribute(name);
  if (a == nullptr || !a->value) return std::nullopt;
  auto v = ParseUnsigned(TrimWhitespace(*a->value), 100'000);
  if (!v) return std::nullopt;
  return static_cast<uint32_t>(*v);
}

}  // namespace

std::string_view ToString(AddressType type) {
  return type == AddressType::kIp4 ? "IP4" : "IP6";
}

bool MediaDescription::IsRtp() const {
  return proto == "RTP/AVP" || proto == "RTP/AVPF" || proto == "RTP/SAVP" || proto == "RTP/SAVPF" ||
         proto == "UDP/TLS/RTP/SAVP" || proto == "UDP/TLS/RTP/SAVPF";
}

bool MediaDescription::IsSecureProfile() const {
  return proto.find("SAVP") != std::string::npos;
}

bool MediaDescription::IsFeedbackProfile() const {
  return IsRtp() && !proto.empty() && proto.back() == 'F';
}

std::vector<uint8_t> MediaDescription::PayloadTypes() const {
  std::vector<uint8_t> out;
  if (!IsRtp()) return out;
  for (const auto& f : formats) {
    if (auto pt = ParsePayloadType(f)) out.push_back(*pt);
  }
  return out;
}

const Attribute* MediaDescription::FindAttribute(std::string_view name) const {
  auto a = FirstIn(attributes, name);
  return a ? *a : nullptr;
}

std::vector<const Attribute*> MediaDescription::FindAttributes(std::string_view name) const {
  std::vector<const Attribute*> out;
  for (const auto& a : attributes) {
    if (a.name == name) out.push_back(&a);
  }
  return out;
}

void MediaDescription::AddAttribute(std::string name, std::optional<std::string> value) {
  attributes.push_back(Attribute{std::move(name), std::move(value)});
}

std::optional<uint64_t> MediaDescription::BandwidthOf(std::string_view type) const {
  return BandwidthIn(bandwidths, type);
}

std::optional<Rtpmap> MediaDescription::RtpmapFor(uint8_t pt) const {
  for (const auto& map : ParseAll<Rtpmap>(*this, "rtpmap")) {
    if (map.payload_type == pt) return map;
  }
  return StaticRtpmap(pt);
}

std::optional<Fmtp> MediaDescription::FmtpFor(uint8_t pt) const {
  for (auto& fmtp : ParseAll<Fmtp>(*this, "fmtp")) {
    if (fmtp.payload_type == pt) return fmtp;
  }
  return std::nullopt;
}

std::vector<RtcpFeedback> MediaDescription::RtcpFeedbackFor(uint8_t pt) const {
  std::vector<RtcpFeedback> out;
  for (auto& fb : ParseAll<RtcpFeedback>(*this, "rtcp-fb")) {
    if (fb.AppliesTo(pt)) out.push_back(std::move(fb));
  }
  return out;
}

std::vector<CryptoAttribute> MediaDescription::Cryptos() const {
  return ParseAll<CryptoAttribute>(*this, "crypto");
}

std::optional<MediaDirection> MediaDescription::Direction() const {
  return DirectionIn(attributes);
}

std::optional<ContentAttribute> MediaDescription::Content() const {
  auto all = ParseAll<ContentAttribute>(*this, "content");
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::optional<std::string> MediaDescription::Mid() const {
  const Attribute* a = FindAttribute("mid");
  if (a == nullptr || !a->value) return std::nullopt;
  return *a->value;
}

std::optional<std::string> MediaDescription::Label() const {
  const Attribute* a = FindAttribute("label");
  if (a == nullptr || !a->value) return std::nullopt;
  return *a->value;
}

std::optional<RtcpAttribute> MediaDescription::Rtcp() const {
  auto all = ParseAll<RtcpAttribute>(*this, "rtcp");
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<Extmap> MediaDescription::Extmaps() const {
  return ParseAll<Extmap>(*this, "extmap");
}

std::vector<SsrcAttribute> MediaDescription::Ssrcs() const {
  return ParseAll<SsrcAttribute>(*this, "ssrc");
}

std::optional<uint32_t> MediaDescription::Ptime() const {
  return UnsignedAttribute(*this, "ptime");
}

std::optional<uint32_t> MediaDescription::MaxPtime() const {
  return UnsignedAttribute(*this, "maxptime");
}

std::optional<double> MediaDescription::Framerate() const {
  const Attribute* a = FindAttribute("framerate");
  if (a == nullptr || !a->value) return std::nullopt;
  return ParseDecimal(TrimWhitespace(*a->value));
}

const Attribute* SessionDescription::FindAttribute(std::string_view name) const {
  auto a = FirstIn(attributes, name);
  return a ? *a : nullptr;
}

std::optional<uint64_t> SessionDescription::BandwidthOf(std::string_view type) const {
  return BandwidthIn(bandwidths, type);
}

std::optional<MediaDirection> SessionDescription::Direction() const {
  return DirectionIn(attributes);
}

std::optional<Connection> SessionDescription::ConnectionFor(size_t index) const {
  if (index < media.size() && media[index].connection) return media[index].connection;
  return connection;
}

MediaDirection SessionDescription::DirectionFor(size_t index) const {
  if (index < media.size()) {
    if (auto d = media[index].Direction()) return *d;
  }
  return Direction().value_or(MediaDirection::kSendRecv);
}

}  // namespace softmcu::sdp
