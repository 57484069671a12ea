#include "server/engine/store_directory.h"

#include <spdlog/spdlog.h>

namespace softmcu {

StoreDirectory::StoreDirectory(control::RoomStore* rooms, control::PointStore* points,
                               std::vector<control::Cidr> allow_sources, RoomConfig room_defaults)
    : rooms_(rooms), points_(points), allow_sources_(std::move(allow_sources)), room_defaults_(std::move(room_defaults)) {}

RoomConfig StoreDirectory::ConfigOf(const control::Room& room) const {
  RoomConfig config = room_defaults_;
  config.number = room.number;
  config.name = room.name;
  config.mode = room.mode;
  config.layout = room.layout;
  config.pin = room.pin.value_or("");
  return config;
}

std::optional<DirectoryRoom> StoreDirectory::FindRoom(std::string_view number) {
  auto room = rooms_->Get(number);
  if (!room) return std::nullopt;
  DirectoryRoom out;
  out.config = ConfigOf(*room);
  out.srtp_required = room->srtp_required;
  for (const auto& member : room->members) {
    auto point = points_->Get(member.point_id);
    if (!point) {
      spdlog::warn("room {}: member point {} is missing from the address book", number, member.point_id);
      continue;
    }
    DirectoryPoint p{.id = point->id,
                     .name = point->name,
                     .sip_uri = point->sip_uri,
                     .bandwidth = point->bandwidth(),
                     .allow_plain_rtp = member.allow_plain_rtp,
                     .chair = room->chair_point_id == point->id};
    if (p.chair) {
      out.members.insert(out.members.begin(), std::move(p));
    } else {
      out.members.push_back(std::move(p));
    }
  }
  return out;
}

std::optional<DirectoryPoint> StoreDirectory::FindPoint(int64_t point_id) {
  auto point = points_->Get(point_id);
  if (!point) return std::nullopt;
  return DirectoryPoint{.id = point->id, .name = point->name, .sip_uri = point->sip_uri,
                        .bandwidth = point->bandwidth()};
}

bool StoreDirectory::AllowedByDefault(std::string_view source_ip) const {
  for (const auto& cidr : allow_sources_) {
    if (cidr.Contains(source_ip)) return true;
  }
  return false;
}

CallerCheck StoreDirectory::CheckCaller(std::string_view from_uri, std::string_view source_ip) {
  CallerCheck check;
  std::optional<control::BridgePoint> point;
  if (auto by_uri = points_->FindByUri(from_uri); by_uri && *by_uri) point = **by_uri;
  if (!point) {
    if (auto by_source = points_->FindBySource(source_ip); by_source && *by_source) point = **by_source;
  }
  if (point) {
    check.point = DirectoryPoint{.id = point->id, .name = point->name, .sip_uri = point->sip_uri,
                                 .bandwidth = point->bandwidth()};
    check.source_allowed =
        point->allowed_sources.empty() ? AllowedByDefault(source_ip) : point->AllowsSource(source_ip);
  } else {
    check.source_allowed = AllowedByDefault(source_ip);
  }
  return check;
}

}  // namespace softmcu
