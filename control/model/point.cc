#include "control/model/point.h"

#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "control/model/cidr.h"
#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/text_rules.h"
#include "signaling/sip/sip_uri.h"

namespace softmcu::control {

const char* ToString(Tier tier) {
  switch (tier) {
    case Tier::kProvince: return "province";
    case Tier::kDistrict: return "district";
    case Tier::kCommune: return "commune";
  }
  return "commune";
}

std::optional<Tier> ParseTier(std::string_view text) {
  if (text == "province") return Tier::kProvince;
  if (text == "district") return Tier::kDistrict;
  if (text == "commune") return Tier::kCommune;
  return std::nullopt;
}

bool BridgePoint::AllowsSource(std::string_view address) const {
  for (const auto& text : allowed_sources) {
    if (auto cidr = Cidr::Parse(text); cidr && cidr->Contains(address)) return true;
  }
  return false;
}

bool IsAcceptableSipUri(std::string_view text) {
  if (text.size() > 256 || !IsCleanText(text, TextKind::kLine)) return false;
  auto uri = sip::SipUri::Parse(text);
  if (!uri) return false;
  return !uri->host.empty() && !uri->password && uri->headers.empty();
}

namespace {

ControlError FieldError(std::string code, std::string field) {
  return ControlError{ErrorKind::kValidation, std::move(code), std::move(field), {}};
}

void ReadSources(JsonReader& r, BridgePoint* point) {
  const nlohmann::json* sources = r.Array("allowed_sources", Presence::kOptional, kMaxSources);
  if (sources == nullptr) return;
  std::set<std::string> seen;
  for (size_t i = 0; i < sources->size(); ++i) {
    const std::string field = "allowed_sources[" + std::to_string(i) + "]";
    const auto& item = (*sources)[i];
    if (!item.is_string()) {
      r.Reject(ControlError{ErrorKind::kValidation, "field.type", field, {{"type", "string"}}});
      return;
    }
    CidrError error;
    std::string suggestion;
    auto cidr = Cidr::Parse(item.get_ref<const std::string&>(), &error, &suggestion);
    if (!cidr) {
      ControlError e = FieldError("point.cidr_invalid", field);
      e.With("value", item.get<std::string>().substr(0, 64)).With("reason", ToString(error));
      if (error == CidrError::kHostBitsSet) e.code = "point.cidr_host_bits", e.With("suggestion", suggestion);
      r.Reject(std::move(e));
      return;
    }
    if (seen.insert(cidr->ToString()).second) point->allowed_sources.push_back(cidr->ToString());
  }
}

void ReadContacts(JsonReader& r, BridgePoint* point) {
  const nlohmann::json* contacts = r.Array("contacts", Presence::kOptional, kMaxContacts);
  if (contacts == nullptr) return;
  for (size_t i = 0; i < contacts->size(); ++i) {
    JsonReader c((*contacts)[i], "contacts[" + std::to_string(i) + "].");
    auto name = c.Text("name", Presence::kRequired, kMaxNameChars);
    auto phone = c.Text("phone", Presence::kRequired, 40);
    if (phone && !IsValidPhone(*phone)) c.Reject(FieldError("point.phone_invalid", c.FieldName("phone")));
    if (auto done = c.Finish(); !done) {
      r.Reject(done.error());
      return;
    }
    point->contacts.push_back(Contact{*name, *phone});
  }
}

}  // namespace

ControlResult<BridgePoint> PointFromJson(const nlohmann::json& body, std::vector<ControlError>* warnings) {
  JsonReader r(body);
  BridgePoint point;
  if (auto name = r.Text("name", Presence::kRequired, kMaxNameChars)) point.name = *name;
  if (auto uri = r.Text("sip_uri", Presence::kRequired, 256)) {
    if (!IsAcceptableSipUri(*uri)) r.Reject(FieldError("point.sip_uri_invalid", "sip_uri").With("value", uri->substr(0, 64)));
    point.sip_uri = *uri;
  }
  if (auto tier = r.Text("tier", Presence::kOptional, 20)) {
    if (auto parsed = ParseTier(*tier)) {
      point.tier = *parsed;
    } else {
      r.Reject(FieldError("point.tier_invalid", "tier"));
    }
  }
  if (auto mbps = r.Number("bandwidth_mbps", Presence::kOptional)) {
    const double kbps = *mbps * 1000.0;
    if (!std::isfinite(kbps) || std::llround(kbps) < kMinPointKbps || std::llround(kbps) > kMaxPointKbps) {
      r.Reject(FieldError("point.bandwidth_range", "bandwidth_mbps").With("min", "0.1").With("max", "20"));
    } else {
      point.bandwidth_kbps = std::llround(kbps);
    }
  }
  ReadSources(r, &point);
  ReadContacts(r, &point);
  if (auto org = r.TextAllowEmpty("organisation", Presence::kOptional, kMaxNameChars)) point.organisation = *org;
  if (auto notes = r.TextAllowEmpty("notes", Presence::kOptional, kMaxNotesChars, TextKind::kMultiline)) {
    point.notes = *notes;
  }
  // Read-only fields a client may send back unchanged from a GET.
  r.Value("id", Presence::kOptional);
  r.Value("created_at", Presence::kOptional);
  r.Value("updated_at", Presence::kOptional);
  if (auto done = r.Finish(); !done) return Fail(done.error());
  if (warnings != nullptr && (point.bandwidth_kbps < kNormalMinKbps || point.bandwidth_kbps > kNormalMaxKbps)) {
    warnings->push_back(FieldError("point.bandwidth_unusual", "bandwidth_mbps")
                            .With("value", nlohmann::json(point.bandwidth_kbps / 1000.0).dump()));
  }
  return point;
}

nlohmann::json PointToJson(const BridgePoint& point) {
  nlohmann::json contacts = nlohmann::json::array();
  for (const auto& c : point.contacts) contacts.push_back({{"name", c.name}, {"phone", c.phone}});
  return {
      {"id", point.id},
      {"name", point.name},
      {"sip_uri", point.sip_uri},
      {"tier", ToString(point.tier)},
      {"bandwidth_mbps", static_cast<double>(point.bandwidth_kbps) / 1000.0},
      {"allowed_sources", point.allowed_sources},
      {"contacts", contacts},
      {"organisation", point.organisation},
      {"notes", point.notes},
      {"created_at", FormatIsoTime(point.created_at)},
      {"updated_at", FormatIsoTime(point.updated_at)},
  };
}

}  // namespace softmcu::control
