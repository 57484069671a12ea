#pragma once
// A bridge point (điểm cầu) of the address book: one meeting room with a SIP video terminal
// (OPERATING-MODEL.md "Vocabulary"), its allow list, its bandwidth budget, its tier and the
// people to phone when it drops. Validation of a point lives here and only here.
//
// JSON form (API and docs/api.md):
//   {"id": 7, "name": "UBND huyện Triệu Sơn", "sip_uri": "sip:trieuson@10.1.2.3",
//    "tier": "district", "bandwidth_mbps": 2.0, "allowed_sources": ["10.1.2.0/24"],
//    "contacts": [{"name": "Lê Văn An", "phone": "+84 912 345 678"}],
//    "organisation": "UBND huyện Triệu Sơn", "notes": "", "created_at": "...", "updated_at": "..."}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "control/control_error.h"
#include "core/units.h"

namespace softmcu::control {

enum class Tier { kProvince, kDistrict, kCommune };
const char* ToString(Tier tier);
std::optional<Tier> ParseTier(std::string_view text);

inline constexpr int64_t kMinPointKbps = 100;     // 0.1 Mbps
inline constexpr int64_t kMaxPointKbps = 20'000;  // 20 Mbps
inline constexpr int64_t kNormalMinKbps = 2'000;  // An Giang art. 10.2
inline constexpr int64_t kNormalMaxKbps = 4'000;  // Hà Giang art. 15.1
inline constexpr int64_t kDefaultPointKbps = 2'000;
inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxNotesChars = 2000;
inline constexpr size_t kMaxSources = 32;
inline constexpr size_t kMaxContacts = 10;

struct Contact {
  std::string name;
  std::string phone;
  friend bool operator==(const Contact&, const Contact&) = default;
};

struct BridgePoint {
  int64_t id = 0;
  std::string name;
  std::string sip_uri;
  Tier tier = Tier::kCommune;
  int64_t bandwidth_kbps = kDefaultPointKbps;
  std::vector<std::string> allowed_sources;  // canonical CIDR text (Cidr::ToString)
  std::vector<Contact> contacts;
  std::string organisation;
  std::string notes;
  int64_t created_at = 0;
  int64_t updated_at = 0;

  DataRate bandwidth() const { return DataRate::KilobitsPerSec(bandwidth_kbps); }
  // Whether `address` (a source IP literal) is on this point's allow list.
  bool AllowsSource(std::string_view address) const;
};

// Validates an API body into a point (id and times are left at 0). Errors name the field:
// point.sip_uri_invalid, point.cidr_invalid (arg "reason", and "suggestion" for host bits),
// point.bandwidth_range, point.tier_invalid, point.phone_invalid, plus JsonReader's field.*.
// A bandwidth outside the normal 2–4 Mbps is accepted with a point.bandwidth_unusual warning.
ControlResult<BridgePoint> PointFromJson(const nlohmann::json& body, std::vector<ControlError>* warnings);
nlohmann::json PointToJson(const BridgePoint& point);

// SIP URI sanity for the address book: sip: or sips:, a host, no password, no headers.
bool IsAcceptableSipUri(std::string_view text);

}  // namespace softmcu::control
