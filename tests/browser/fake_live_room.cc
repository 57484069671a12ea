#include "tests/browser/fake_live_room.h"

#include <cmath>
#include <iterator>
#include <memory>

#include "control/live/live_json.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/layout_json.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/frame.h>
}

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

struct CodecContextDeleter {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameDeleter {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};

}  // namespace

std::string EncodeJpeg(int width, int height, const std::vector<Rect>& rects) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (codec == nullptr) return {};
  std::unique_ptr<AVCodecContext, CodecContextDeleter> ctx(avcodec_alloc_context3(codec));
  ctx->width = width;
  ctx->height = height;
  ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;  // full-range 4:2:0, what JPEG viewers expect
  ctx->time_base = AVRational{1, 25};
  ctx->flags |= AV_CODEC_FLAG_QSCALE;
  ctx->global_quality = FF_QP2LAMBDA * 4;
  if (avcodec_open2(ctx.get(), codec, nullptr) < 0) return {};
  std::unique_ptr<AVFrame, FrameDeleter> frame(av_frame_alloc());
  frame->format = ctx->pix_fmt;
  frame->width = width;
  frame->height = height;
  if (av_frame_get_buffer(frame.get(), 0) < 0) return {};
  for (const Rect& r : rects) {
    for (int y = std::max(0, r.y); y < std::min(height, r.y + r.h); ++y) {
      for (int x = std::max(0, r.x); x < std::min(width, r.x + r.w); ++x) {
        frame->data[0][y * frame->linesize[0] + x] = r.y_value;
        frame->data[1][(y / 2) * frame->linesize[1] + x / 2] = r.u_value;
        frame->data[2][(y / 2) * frame->linesize[2] + x / 2] = r.v_value;
      }
    }
  }
  frame->pts = 0;
  frame->quality = ctx->global_quality;
  std::unique_ptr<AVPacket, PacketDeleter> packet(av_packet_alloc());
  if (avcodec_send_frame(ctx.get(), frame.get()) < 0 || avcodec_send_frame(ctx.get(), nullptr) < 0 ||
      avcodec_receive_packet(ctx.get(), packet.get()) < 0) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(packet->data), static_cast<size_t>(packet->size));
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
