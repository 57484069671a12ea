#include "conference/call/reoffer_change.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

namespace softmcu {
namespace {

bool IsHoldAddress(const std::optional<sdp::Connection>& c) {
  return c && (c->address == "0.0.0.0" || c->address == "::");
}

// The master keys of the a=crypto lines ("inline:KEY|lifetime|MKI"): the key the peer sends
// with is one of them, so the peer kept its key if one of them is still there. The lines
// themselves may change (an answer names only the chosen suite).
std::set<std::string> CryptoKeys(const sdp::MediaDescription& m) {
  std::set<std::string> keys;
  for (const sdp::Attribute* a : m.FindAttributes("crypto")) {
    const std::string value = a->value.value_or("");
    const size_t at = value.find("inline:");
    if (at == std::string::npos) continue;
    const size_t start = at + 7;
    keys.insert(value.substr(start, value.find_first_of("| ", start) - start));
  }
  return keys;
}

bool SharesAKey(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& key : a) {
    if (b.count(key) != 0) return true;
  }
  return false;
}

bool SameEncoding(const std::optional<sdp::Rtpmap>& a, const std::optional<sdp::Rtpmap>& b) {
  if (!a || !b || a->clock_rate != b->clock_rate || a->encoding_name.size() != b->encoding_name.size()) return false;
  return std::equal(a->encoding_name.begin(), a->encoding_name.end(), b->encoding_name.begin(),
                    [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) ==
                                                std::tolower(static_cast<unsigned char>(y)); });
}

std::optional<std::string> MediaChange(size_t i, const sdp::SessionDescription& in_force,
                                       const sdp::SessionDescription& offer, const sdp::MediaDescription& ours) {
  const sdp::MediaDescription& before = in_force.media[i];
  const sdp::MediaDescription& now = offer.media[i];
  const std::string& what = before.media;
  if (now.media != before.media) return fmt::format("media line {} changes from {} to {}", i + 1, what, now.media);
  if (now.port == 0) return fmt::format("it turns the {} stream off", what);
  if (now.port != before.port) return fmt::format("it moves {} from port {} to {}", what, before.port, now.port);
  const auto address_before = in_force.ConnectionFor(i);
  const auto address_now = offer.ConnectionFor(i);
  if (!IsHoldAddress(address_now) && address_before && address_now && address_now->address != address_before->address) {
    return fmt::format("it moves {} from {} to {}", what, address_before->address, address_now->address);
  }
  if (now.proto != before.proto) return fmt::format("it changes {} from {} to {}", what, before.proto, now.proto);
  if (before.IsSecureProfile() && !SharesAKey(CryptoKeys(now), CryptoKeys(before))) {
    return fmt::format("it changes the SRTP keys of {}", what);
  }
  // The payload types in use: in both our SDP and the peer's, as the same codec.
  const auto offered = now.PayloadTypes();
  const auto ours_pts = ours.PayloadTypes();
  for (uint8_t pt : before.PayloadTypes()) {
    if (std::find(ours_pts.begin(), ours_pts.end(), pt) == ours_pts.end()) continue;
    const auto codec = before.RtpmapFor(pt);
    if (!SameEncoding(codec, ours.RtpmapFor(pt))) continue;
    if (std::find(offered.begin(), offered.end(), pt) == offered.end() || !SameEncoding(codec, now.RtpmapFor(pt))) {
      return fmt::format("it drops or renumbers {} {} (payload type {})", what, codec->encoding_name, pt);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ReofferChange(const sdp::SessionDescription& in_force,
                                         const sdp::SessionDescription& local,
                                         const sdp::SessionDescription& offer) {
  if (offer.media.size() != in_force.media.size()) {
    return fmt::format("it has {} media lines where the call has {}", offer.media.size(), in_force.media.size());
  }
  for (size_t i = 0; i < in_force.media.size(); ++i) {
    if (i >= local.media.size() || local.media[i].port == 0 || in_force.media[i].port == 0) continue;  // not in use
    if (auto change = MediaChange(i, in_force, offer, local.media[i])) return change;
  }
  return std::nullopt;
}

}  // namespace softmcu
