#include "tools/loadgen/mcu_stand_in.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <random>

#include "media/audio/opus_decoder.h"
#include "media/audio/opus_encoder.h"
#include "media/h264/h264_depacketizer.h"
#include "media/h264/h264_packetizer.h"
#include "media/video/h264_decoder.h"
#include "media/video/h264_encoder.h"
#include "media/video/video_scaler.h"
#include "mixer/audio/soft_limiter.h"
#include "tools/loadgen/loop_resources.h"
#include "tools/loadgen/stream_setup.h"
#include "tools/loadgen/tile_layouts.h"
#include "transport/point_transport.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu::loadgen {
namespace {

constexpr uint32_t kStandInSsrcBase = 0x5ca1ab1e;

sdp::MediaCapabilities StandInCapabilities(const McuStandInOptions& o) {
  sdp::MediaCapabilities caps;
  caps.srtp = o.srtp ? sdp::SrtpPolicy::kRequired : sdp::SrtpPolicy::kAllowPlainRtp;
  if (!o.srtp) caps.crypto_suites.clear();
  caps.receive_budget = o.participant_budget;
  caps.video.content_enabled = false;
  return caps;
}

const char* GridFor(size_t participants) {
  if (participants <= 1) return "1x1";
  if (participants <= 4) return "2x2";
  if (participants <= 9) return "3x3";
  if (participants <= 16) return "4x4";
  return "5x5";
}

}  // namespace

// One connected endpoint as the stand-in sees it: its transport, what we send it, and (in
// kCompose) the decoders of what it sends us.
class McuStandIn::Participant final : public PointTransportListener, private H264Depacketizer::Listener {
 public:
  Participant(McuStandIn* owner, uint32_t endpoint, Timestamp now) : owner_(owner), endpoint_(endpoint), since_(now) {}

  void Init(std::unique_ptr<PointTransport> transport, std::optional<uint8_t> audio_pt, std::optional<uint8_t> video_pt) {
    transport_ = std::move(transport);
    audio_pt_ = audio_pt;
    video_pt_ = video_pt;
    audio_.SetSsrc(kStandInSsrcBase + 2 * endpoint_).SetPayloadType(audio_pt.value_or(0));
    video_.SetSsrc(kStandInSsrcBase + 2 * endpoint_ + 1).SetPayloadType(video_pt.value_or(0));
    if (owner_->options_.mode == McuStandInOptions::Mode::kCompose) {
      H264Depacketizer::Listener& self = *this;  // private base: convert here
      depacketizer_ = std::make_unique<H264Depacketizer>(H264Depacketizer::Config{}, self);
      auto decoder = H264Decoder::Create({.source_id = endpoint_});
      if (decoder) decoder_ = std::move(*decoder);
      opus_ = std::make_unique<OpusDecoder>();
    }
  }

  PointTransport& transport() { return *transport_; }
  uint32_t endpoint() const { return endpoint_; }
  Timestamp since() const { return since_; }
  bool has_video() const { return video_pt_.has_value() && transport_->receive_stream(MediaKind::kVideo); }
  bool has_audio() const { return audio_pt_.has_value() && transport_->receive_stream(MediaKind::kAudio); }
  const SharedVideoFrame& latest_picture() const { return latest_; }
  // The oldest decoded frame not mixed yet, if any. Frames are queued: the jitter buffer
  // releases them on the participant's clock and the mix ticks on ours, so two may arrive
  // between ticks (and none before the next); mixing only the latest would drop 20 ms.
  const AudioFrame* TakeAudio() {
    if (audio_count_ == 0) return nullptr;
    const AudioFrame* frame = &audio_queue_[audio_head_];
    audio_head_ = (audio_head_ + 1) % audio_queue_.size();
    --audio_count_;
    return frame;
  }

  // Sends `payload` as one RTP packet of `kind` with the given timestamp and marker.
  void Send(MediaKind kind, std::span<const uint8_t> payload, uint32_t timestamp, bool marker) {
    RtpPacketBuilder& b = kind == MediaKind::kAudio ? audio_ : video_;
    uint16_t& seq = kind == MediaKind::kAudio ? audio_seq_ : video_seq_;
    PacketBuffer packet = owner_->pool_.Acquire();
    if (!packet) return;
    b.SetSequenceNumber(seq++).SetTimestamp(timestamp).SetMarker(marker);
    auto size = b.Write(payload, packet.storage());
    if (!size) return;
    packet.set_size(*size);
    transport_->SendRtp(kind, std::move(packet));
  }

  // Sends an access unit, packetized for this participant.
  void SendAccessUnit(H264Packetizer& packetizer, std::span<const uint8_t> annex_b, uint32_t timestamp) {
    if (!video_pt_ || !packetizer.SetAccessUnit(annex_b, timestamp)) return;
    while (packetizer.HasNext()) {
      PacketBuffer packet = owner_->pool_.Acquire();
      if (!packet) return;
      video_.SetSequenceNumber(video_seq_++);
      auto size = packetizer.NextPacket(video_, packet.storage());
      if (!size) return;
      packet.set_size(*size);
      transport_->SendRtp(MediaKind::kVideo, std::move(packet));
    }
  }

 private:
  void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) override {
    if (owner_->options_.mode == McuStandInOptions::Mode::kReflect) {
      for (size_t i = 0; i < frame.packet_count; ++i) {
        auto rtp = RtpPacketView::Parse(frame.packet(i));
        if (!rtp) continue;
        Send(kind, rtp->payload(), rtp->timestamp(), rtp->marker());
        ++owner_->stats_.packets_reflected;
      }
      return;
    }
    if (kind == MediaKind::kVideo) {
      depacketizer_->InsertFrame(frame);
      if (depacketizer_->keyframe_request_needed()) transport_->RequestKeyframe(MediaKind::kVideo);
    } else if (frame.packet_count > 0) {
      auto rtp = RtpPacketView::Parse(frame.packet(0));
      if (audio_count_ == audio_queue_.size()) {  // full: the oldest goes
        audio_head_ = (audio_head_ + 1) % audio_queue_.size();
        --audio_count_;
      }
      AudioFrame& slot = audio_queue_[(audio_head_ + audio_count_) % audio_queue_.size()];
      if (rtp && opus_->Decode({rtp->payload(), rtp->timestamp()}, &slot)) ++audio_count_;
    }
  }
  void OnPointKeyframeRequested(MediaKind kind) override {
    if (kind != MediaKind::kVideo) return;
    if (owner_->options_.mode == McuStandInOptions::Mode::kReflect) {
      transport_->RequestKeyframe(MediaKind::kVideo);  // the picture is its own: ask it
    } else {
      owner_->composite_keyframe_wanted_ = true;
    }
  }
  void OnPointBitrateLimit(MediaKind, DataRate) override {}

  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& au) override {
    if (!decoder_) return;
    auto picture = decoder_->Decode(au.annex_b, TimeDelta::Zero());
    if (!picture) {
      ++owner_->stats_.decode_errors;
      transport_->RequestKeyframe(MediaKind::kVideo);
      return;
    }
    if (*picture) {
      latest_ = std::move(**picture);
      ++owner_->stats_.decoded_pictures;
    }
  }

  McuStandIn* const owner_;
  const uint32_t endpoint_;
  const Timestamp since_;
  std::unique_ptr<PointTransport> transport_;
  std::optional<uint8_t> audio_pt_;
  std::optional<uint8_t> video_pt_;
  RtpPacketBuilder audio_;
  RtpPacketBuilder video_;
  uint16_t audio_seq_ = 1000;
  uint16_t video_seq_ = 2000;
  std::unique_ptr<H264Depacketizer> depacketizer_;
  std::unique_ptr<H264Decoder> decoder_;
  std::unique_ptr<OpusDecoder> opus_;
  SharedVideoFrame latest_;
  std::array<AudioFrame, 4> audio_queue_{};
  size_t audio_head_ = 0;
  size_t audio_count_ = 0;
};

// kCompose: one canvas, one encoder, one audio mix for everyone.
class McuStandIn::Composer {
 public:
  Composer(const McuStandInOptions& o, Timestamp now)
      : options_(o),
        canvas_(o.canvas_width, o.canvas_height),
        packetizer_({.max_payload_size = kMaxRtpPayload}),
        next_video_(now),
        next_audio_(now) {
    auto encoder = H264Encoder::Create({.width = o.canvas_width,
                                        .height = o.canvas_height,
                                        .max_fps = o.fps,
                                        .target_bitrate = o.composite_bitrate});
    if (encoder) encoder_ = std::move(*encoder);
  }

  void Tick(Timestamp now, std::map<uint32_t, std::unique_ptr<Participant>>& participants, bool& keyframe_wanted,
            McuStandInStats& stats) {
    if (now >= next_video_) {
      next_video_ = std::max(next_video_ + TimeDelta::Micros(static_cast<int64_t>(1e6 / options_.fps)), now);
      ComposeVideo(participants, keyframe_wanted, stats);
    }
    while (now >= next_audio_) {
      next_audio_ += TimeDelta::Millis(20);
      MixAudio(participants);
    }
  }

 private:
  void ComposeVideo(std::map<uint32_t, std::unique_ptr<Participant>>& participants, bool& keyframe_wanted,
                    McuStandInStats& stats) {
    if (!encoder_ || participants.empty()) return;
    std::vector<Participant*> shown;
    for (auto& [id, p] : participants) {
      if (p->has_video()) shown.push_back(p.get());
    }
    if (shown.empty()) return;
    auto layout = TileLayouts::Named(options_.layout.value_or(GridFor(shown.size())), canvas_.width(), canvas_.height());
    if (!layout) return;
    for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
      const int rows = p == Plane::kY ? canvas_.height() : canvas_.chroma_height();
      std::memset(canvas_.mutable_data(p), p == Plane::kY ? 32 : 128, static_cast<size_t>(canvas_.stride(p)) * rows);
    }
    for (size_t i = 0; i < layout->tiles.size() && i < shown.size(); ++i) {
      const SharedVideoFrame& picture = shown[i]->latest_picture();
      if (!picture) continue;
      const StampRect& t = layout->tiles[i];
      scaler_.Scale(picture->view(), canvas_.mutable_view(), PixelRect{t.x, t.y, t.width, t.height});
    }
    if (keyframe_wanted) {
      encoder_->RequestKeyframe();
      keyframe_wanted = false;
    }
    canvas_.set_pts(TimeDelta::Micros(static_cast<int64_t>(frame_++ * 1e6 / options_.fps)));
    auto encoded = encoder_->Encode(canvas_);
    if (!encoded || encoded->skipped) return;
    ++stats.composites;
    video_ts_ += static_cast<uint32_t>(90000 / options_.fps);
    for (auto& [id, p] : participants) {
      if (!p->has_video()) continue;
      if (options_.garbage_video.count(id)) {
        SendGarbage(*p);
      } else {
        p->SendAccessUnit(packetizer_, encoded->data, video_ts_);
      }
    }
  }

  void SendGarbage(Participant& p) {
    std::vector<uint8_t> junk(900);
    for (int packet = 0; packet < 3; ++packet) {
      for (auto& b : junk) b = static_cast<uint8_t>(random_());
      p.Send(MediaKind::kVideo, junk, video_ts_, packet == 2);
    }
  }

  void MixAudio(std::map<uint32_t, std::unique_ptr<Participant>>& participants) {
    std::array<int32_t, AudioFrame::kSamples> sum{};
    for (auto& [id, p] : participants) {
      if (const AudioFrame* f = p->TakeAudio()) {
        for (size_t i = 0; i < sum.size(); ++i) sum[i] += f->samples[i];
      }
    }
    AudioFrame mix;
    SoftLimiter::Apply(sum, mix.samples);
    std::array<uint8_t, OpusEncoder::kMaxPayloadSize> payload{};
    auto size = opus_.Encode(mix, payload);
    audio_ts_ += AudioFrame::kSamples;
    if (!size) return;
    for (auto& [id, p] : participants) {
      if (p->has_audio()) p->Send(MediaKind::kAudio, std::span<const uint8_t>(payload.data(), *size), audio_ts_, false);
    }
  }

  const McuStandInOptions& options_;
  VideoFrame canvas_;
  VideoScaler scaler_;
  std::unique_ptr<H264Encoder> encoder_;
  H264Packetizer packetizer_;
  OpusEncoder opus_;
  Timestamp next_video_;
  Timestamp next_audio_;
  uint64_t frame_ = 0;
  uint32_t video_ts_ = 0;
  uint32_t audio_ts_ = 0;
  std::minstd_rand random_{7};
};

McuStandIn::McuStandIn(const McuStandInOptions& options, asio::io_context& context, const Clock* clock)
    : options_(options),
      context_(context),
      clock_(clock),
      negotiator_(StandInCapabilities(options)),
      pool_(512, 1 << 16) {
  if (options_.mode == McuStandInOptions::Mode::kCompose) composer_ = std::make_unique<Composer>(options_, clock->Now());
}

McuStandIn::~McuStandIn() {
  *alive_ = false;
}

Result<void> McuStandIn::Start(CallSignalingListener* listener) {
  listener_ = listener;
  return {};
}

Result<sdp::LocalMedia> McuStandIn::BindPorts(std::unique_ptr<UdpSocket>& audio, std::unique_ptr<UdpSocket>& video) {
  asio::error_code ec;
  const auto address = asio::ip::make_address(options_.address, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "stand-in address is not an IP address");
  auto a = UdpSocket::Bind(context_, {address, 0});
  auto v = UdpSocket::Bind(context_, {address, 0});
  if (!a || !v) return MakeError(ErrorCode::kUnavailable, "stand-in: cannot bind media ports");
  audio = std::move(*a);
  video = std::move(*v);
  (void)video->SetReceiveBufferSize(2 << 20);  // absorb stalls of the stand-in's own loop
  sdp::LocalMedia local;
  local.address_type = address.is_v6() ? sdp::AddressType::kIp6 : sdp::AddressType::kIp4;
  local.address = options_.address;
  local.audio.rtp_port = audio->local_endpoint().port();
  local.video.rtp_port = video->local_endpoint().port();
  local.cname = "stand-in";
  return local;
}

Result<std::unique_ptr<McuStandIn::Participant>> McuStandIn::Connect(uint32_t endpoint,
                                                                      const sdp::NegotiatedSession& session,
                                                                      std::unique_ptr<UdpSocket> audio,
                                                                      std::unique_ptr<UdpSocket> video) {
  auto participant = std::make_unique<Participant>(this, endpoint, clock_->Now());
  PointTransportConfig config;
  config.point_name = fmt::format("stand-in/{}", endpoint);
  config.policer.rate = options_.participant_budget;
  auto transport = std::make_unique<PointTransport>(config, participant.get(), &pool_, clock_);
  auto add = [&](const std::optional<sdp::NegotiatedStream>& s, MediaKind kind,
                 std::unique_ptr<UdpSocket>& socket) -> Result<std::optional<uint8_t>> {
    if (!s) return std::optional<uint8_t>();
    auto setup = MakeStreamSetup(*s, kind, std::move(socket),
                                 kStandInSsrcBase + 2 * endpoint + (kind == MediaKind::kVideo ? 1 : 0));
    if (!setup) return tl::unexpected(setup.error());
    if (auto ok = transport->AddStream(std::move(*setup)); !ok) return tl::unexpected(ok.error());
    return std::optional<uint8_t>(s->payload_type);
  };
  auto audio_pt = add(session.audio, MediaKind::kAudio, audio);
  if (!audio_pt) return tl::unexpected(audio_pt.error());
  auto video_pt = add(session.video, MediaKind::kVideo, video);
  if (!video_pt) return tl::unexpected(video_pt.error());
  participant->Init(std::move(transport), *audio_pt, *video_pt);
  return participant;
}

void McuStandIn::PlaceCall(uint32_t endpoint, const CallTarget&, const sdp::SessionDescription& offer) {
  asio::post(context_, [this, alive = alive_, endpoint, offer] {
    if (*alive) Answer(endpoint, offer);
  });
}

void McuStandIn::Answer(uint32_t endpoint, const sdp::SessionDescription& offer) {
  if (!listener_) return;
  if (auto refused = options_.refuse.find(endpoint); refused != options_.refuse.end()) {
    ++stats_.calls_refused;
    listener_->OnCallFailed(endpoint, {refused->second, "refused by the MCU stand-in", false});
    return;
  }
  if (options_.never_answer.count(endpoint)) return;
  std::unique_ptr<UdpSocket> audio, video;
  auto local = BindPorts(audio, video);
  if (!local) {
    listener_->OnCallFailed(endpoint, {503, local.error().message, false});
    return;
  }
  auto answer = negotiator_.AnswerOffer(offer, *local);
  if (!answer) {
    ++stats_.calls_refused;
    listener_->OnCallFailed(endpoint, {answer.error().sip_status, answer.error().reason, false});
    return;
  }
  auto participant = Connect(endpoint, answer->session, std::move(audio), std::move(video));
  if (!participant) {
    listener_->OnCallFailed(endpoint, {500, participant.error().message, false});
    return;
  }
  participants_[endpoint] = std::move(*participant);
  ++stats_.calls_answered;
  listener_->OnCallAnswered(endpoint, answer->answer);
}

// Answer mode: the responder hands the endpoint's answer back to the stand-in's loop.
void McuStandIn::DialOut(uint32_t count) {
  asio::post(context_, [this, alive = alive_, count] {
    if (!*alive || !listener_) return;
    for (uint32_t endpoint = 0; endpoint < count; ++endpoint) {
      auto audio = std::make_shared<std::unique_ptr<UdpSocket>>();
      auto video = std::make_shared<std::unique_ptr<UdpSocket>>();
      auto local = BindPorts(*audio, *video);
      if (!local) continue;
      auto offer = negotiator_.CreateOffer(*local);
      if (!offer) continue;
      auto kept = std::make_shared<sdp::LocalOffer>(std::move(*offer));
      class Responder final : public IncomingCallResponder {
       public:
        Responder(McuStandIn* owner, std::shared_ptr<bool> alive, std::function<void(uint32_t, sdp::SessionDescription)> accept)
            : owner_(owner), alive_(std::move(alive)), accept_(std::move(accept)) {}
        void Accept(uint32_t endpoint, const sdp::SessionDescription& answer) override {
          asio::post(owner_->context_, [alive = alive_, accept = accept_, endpoint, answer] {
            if (*alive) accept(endpoint, answer);
          });
        }
        void Reject(int, const std::string&) override {
          asio::post(owner_->context_, [owner = owner_, alive = alive_] {
            if (*alive) ++owner->stats_.calls_refused;
          });
        }

       private:
        McuStandIn* owner_;
        std::shared_ptr<bool> alive_;
        std::function<void(uint32_t, sdp::SessionDescription)> accept_;
      };
      auto accept = [this, kept, audio, video](uint32_t id, const sdp::SessionDescription& answer) {
        auto session = negotiator_.ProcessAnswer(*kept, answer);
        if (!session) return;
        auto participant = Connect(id, *session, std::move(*audio), std::move(*video));
        if (!participant) return;
        participants_[id] = std::move(*participant);
        ++stats_.calls_answered;
      };
      listener_->OnIncomingCall(fmt::format("loadgen-{}", endpoint), kept->sdp,
                                std::make_shared<Responder>(this, alive_, accept));
    }
  });
}

void McuStandIn::Hangup(uint32_t endpoint) {
  asio::post(context_, [this, alive = alive_, endpoint] {
    if (*alive) participants_.erase(endpoint);
  });
}

void McuStandIn::Stop() {
  participants_.clear();
  listener_ = nullptr;
}

void McuStandIn::Tick() {
  const Timestamp now = clock_->Now();
  if (options_.hang_up) {
    auto it = participants_.find(options_.hang_up->first);
    if (it != participants_.end() && now - it->second->since() >= options_.hang_up->second) {
      participants_.erase(it);
      if (listener_) listener_->OnCallEnded(options_.hang_up->first, "BYE from the MCU stand-in");
    }
  }
  if (composer_) composer_->Tick(now, participants_, composite_keyframe_wanted_, stats_);
  for (auto& [id, p] : participants_) p->transport().Process();
}

}  // namespace softmcu::loadgen
