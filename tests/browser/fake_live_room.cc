#include "tests/browser/fake_live_room.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <memory>

#include "control/live/live_json.h"
#include "media/video/i420_view.h"
#include "media/video/jpeg_snapshot.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/layout_json.h"

namespace softmcu::control::testing {
namespace {

constexpr int kPreviewWidth = 640;
constexpr int kPreviewHeight = 360;

// A distinct colour per participant (YUV), from a small fixed palette.
Rect Colour(ParticipantId id) {
  static constexpr uint8_t kPalette[][3] = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {210, 16, 146},
                                            {170, 166, 16}, {106, 202, 222}, {120, 100, 60}, {60, 150, 190}};
  const auto& c = kPalette[id % std::size(kPalette)];
  return Rect{0, 0, 0, 0, c[0], c[1], c[2]};
}

}  // namespace

std::string EncodeJpeg(int width, int height, const std::vector<Rect>& rects) {
  // The picture is drawn in limited range, like the mixer's canvases; softmcu::EncodeJpeg
  // (the daemon's own preview encoder) converts it.
  VideoFrame frame(width, height);
  for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
    const int h = p == Plane::kY ? height : frame.chroma_height();
    for (int y = 0; y < h; ++y) std::fill_n(frame.mutable_data(p) + y * frame.stride(p), frame.stride(p), p == Plane::kY ? 16 : 128);
  }
  for (const Rect& r : rects) {
    for (int y = std::max(0, r.y); y < std::min(height, r.y + r.h); ++y) {
      for (int x = std::max(0, r.x); x < std::min(width, r.x + r.w); ++x) {
        frame.mutable_data(Plane::kY)[y * frame.stride(Plane::kY) + x] = r.y_value;
        frame.mutable_data(Plane::kU)[(y / 2) * frame.stride(Plane::kU) + x / 2] = r.u_value;
        frame.mutable_data(Plane::kV)[(y / 2) * frame.stride(Plane::kV) + x / 2] = r.v_value;
      }
    }
  }
  auto jpeg = softmcu::EncodeJpeg(frame, JpegOptions{.quality = 4, .max_width = width});
  return jpeg ? std::move(*jpeg) : std::string();
}

FakeLiveRoom::FakeLiveRoom(EventHub* events) : events_(events) {
  inner_.AddRoom("1000");
  inner_.SetLayout("1000", "3x3");
  chair_ = inner_.AddParticipant("1000", "UBND tỉnh Thanh Hóa", ParticipantRole::kChair);
  branch_ = inner_.AddParticipant("1000", "UBND huyện Triệu Sơn", ParticipantRole::kBranch);
  ringing_ = inner_.AddParticipant("1000", "UBND huyện Quan Hóa", ParticipantRole::kBranch);
  lost_ = inner_.AddParticipant("1000", "UBND xã Xuân Dương", ParticipantRole::kBranch);
  inner_.Mutate("1000", ringing_, [](ParticipantInfo& p) { p.state = ParticipantState::kRinging; });
  inner_.Mutate("1000", lost_, [](ParticipantInfo& p) { p.state = ParticipantState::kDisconnected; });
  inner_.SetTilePositions("1000", {{chair_, 0}, {branch_, 1}, {ringing_, 2}});
}

void FakeLiveRoom::Tick() {
  uint64_t tick;
  {
    std::lock_guard<std::mutex> lock(tick_mutex_);
    tick = ++ticks_;
  }
  auto list = inner_.ListParticipants("1000");
  if (!list) return;
  nlohmann::json levels = nlohmann::json::array();
  nlohmann::json stats = nlohmann::json::array();
  for (const auto& p : *list) {
    if (p.state != ParticipantState::kConnected) continue;
    // Speech-like: the unmuted talk, the muted are near silence.
    const double phase = static_cast<double>(tick) * 0.7 + p.id;
    const int dbov = p.muted ? -70 : static_cast<int>(-30 + 20 * std::sin(phase));
    levels.push_back({{"id", p.id}, {"dbov", dbov}});
    ParticipantStats s;
    s.rx_bitrate_kbps = 1800 + static_cast<int64_t>(250 * std::sin(phase / 3));
    s.tx_bitrate_kbps = 1700;
    s.rx_loss_pct = std::round(std::max(0.0, 1.5 * std::sin(phase / 5)) * 10) / 10;
    s.jitter_ms = 5 + std::round(std::abs(8 * std::cos(phase / 4)) * 10) / 10;
    s.rtt_ms = 18;
    s.audio_level_dbov = dbov;
    inner_.Mutate("1000", p.id, [&](ParticipantInfo& info) { info.stats = s; });
    stats.push_back({{"id", p.id}, {"stats", StatsToJson(s)}});
  }
  events_->PublishJson("audio_levels", "1000", {{"levels", levels}});
  events_->PublishJson("stats", "1000", {{"participants", stats}});
}

LiveResult<ParticipantId> FakeLiveRoom::Dial(std::string_view room, const DialTarget& target) {
  auto id = inner_.Dial(room, target);
  if (id) PublishParticipant(room, *id);
  return id;
}

LiveResult<void> FakeLiveRoom::Disconnect(std::string_view room, ParticipantId id) {
  auto result = inner_.Disconnect(room, id);
  if (result) events_->PublishJson("participant_left", std::string(room), {{"id", id}});
  return result;
}

LiveResult<void> FakeLiveRoom::GrantFloor(std::string_view room, ParticipantId id) {
  // The previous holder changes too: publish everyone.
  auto result = inner_.GrantFloor(room, id);
  if (!result) return result;
  PublishAllParticipants(room);
  if (auto floor = inner_.GetFloor(room)) events_->PublishJson("floor", std::string(room), FloorToJson(*floor));
  return result;
}

LiveResult<void> FakeLiveRoom::SetTilePositions(std::string_view room, const std::vector<TileAssignment>& tiles) {
  auto result = inner_.SetTilePositions(room, tiles);
  if (result) PublishAllParticipants(room);
  return result;
}

LiveResult<std::string> FakeLiveRoom::PreviewJpeg(std::string_view room, std::optional<ParticipantId> receiver) {
  auto state = inner_.GetRoom(room);
  if (!state) return tl::unexpected(state.error());
  auto participants = inner_.ListParticipants(room);
  if (!participants) return tl::unexpected(participants.error());
  if (receiver && !inner_.GetParticipant(room, *receiver)) {
    return tl::unexpected(LiveError{LiveErrorCode::kUnknownParticipant, "no such participant"});
  }
  auto layout = state->layout.starts_with('{') ? ParseLayoutJson(state->layout) : BuiltInLayout(state->layout);
  if (!layout) return tl::unexpected(LiveError{LiveErrorCode::kNotAllowed, "no layout to draw"});
  std::vector<Rect> rects = {{0, 0, kPreviewWidth, kPreviewHeight, 24, 128, 128}};
  for (size_t index : layout->DrawOrder()) {
    const LayoutTile& tile = layout->tile(index);
    Rect r{tile.x * kPreviewWidth / kLayoutUnits + 2, tile.y * kPreviewHeight / kLayoutUnits + 2,
           tile.w * kPreviewWidth / kLayoutUnits - 4, tile.h * kPreviewHeight / kLayoutUnits - 4, 60, 128, 128};
    for (const auto& p : *participants) {
      if (p.tile != static_cast<int>(index)) continue;
      const Rect colour = Colour(p.id);
      r.y_value = colour.y_value;
      r.u_value = colour.u_value;
      r.v_value = colour.v_value;
      if (p.floor == ParticipantFloor::kHolding) r.y_value = 235;
      if (receiver && p.id == *receiver) r.y_value = 16;  // nobody is shown to themselves
    }
    rects.push_back(r);
  }
  std::string jpeg = EncodeJpeg(kPreviewWidth, kPreviewHeight, rects);
  if (jpeg.empty()) return tl::unexpected(LiveError{LiveErrorCode::kUnavailable, "MJPEG encoder failed"});
  return jpeg;
}

LiveResult<void> FakeLiveRoom::Changed(std::string_view room, ParticipantId id, LiveResult<void> result) {
  if (result) PublishParticipant(room, id);
  return result;
}

LiveResult<void> FakeLiveRoom::FloorChanged(std::string_view room, ParticipantId id, LiveResult<void> result) {
  if (!result) return result;
  PublishParticipant(room, id);
  if (auto floor = inner_.GetFloor(room)) events_->PublishJson("floor", std::string(room), FloorToJson(*floor));
  return result;
}

LiveResult<void> FakeLiveRoom::RoomChanged(std::string_view room, LiveResult<void> result) {
  if (!result) return result;
  if (auto state = inner_.GetRoom(room)) events_->PublishJson("room", std::string(room), RoomLiveStateToJson(*state));
  return result;
}

void FakeLiveRoom::PublishParticipant(std::string_view room, ParticipantId id) {
  if (auto p = inner_.GetParticipant(room, id)) {
    events_->PublishJson("participant", std::string(room), ParticipantToJson(*p));
  }
}

void FakeLiveRoom::PublishAllParticipants(std::string_view room) {
  if (auto list = inner_.ListParticipants(room)) {
    for (const auto& p : *list) events_->PublishJson("participant", std::string(room), ParticipantToJson(p));
  }
}

}  // namespace softmcu::control::testing
