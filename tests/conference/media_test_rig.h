#pragma once
// A conference without SIP, on one event loop and a simulated clock: synthetic terminals
// (PointTransport + Opus tone + optional stamped H.264) talk SRTP over loopback UDP to
// ParticipantMedia objects, which a Room mixes. Run() advances time in 1 ms steps and
// polls the loop in between, so every packet crosses a real socket yet no test sleeps.

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "../mixer/audio/audio_test_tones.h"
#include "conference/media/participant_media.h"
#include "conference/media/participant_media_host.h"
#include "conference/room/room.h"
#include "core/event_loop.h"
#include "media/audio/opus_decoder.h"
#include "media/audio/opus_encoder.h"
#include "media/h264/h264_depacketizer.h"
#include "media/h264/h264_packetizer.h"
#include "media/video/h264_decoder.h"
#include "media/video/h264_encoder.h"
#include "media/video/test_pattern.h"
#include "media/video/video_frame_pool.h"
#include "transport/net/udp_socket.h"
#include "transport/srtp/sdes_key.h"

namespace softmcu::test {

inline const asio::ip::address kLoopback = asio::ip::make_address("127.0.0.1");
inline constexpr uint8_t kOpusPt = 111;
inline constexpr uint8_t kDtmfPt = 101;
inline constexpr uint8_t kH264Pt = 96;

// One synthetic terminal: sends a tone (and optionally video), decodes what it receives.
class TestTerminal final : private PointTransportListener, private H264Depacketizer::Listener {
 public:
  TestTerminal(std::string name, double tone_hz, EventLoop& loop, PacketBufferPool* pool, const Clock* clock)
      : name_(std::move(name)), tone_hz_(tone_hz), loop_(loop), pool_(pool) {
    PointTransportListener* listener = this;
    transport_ = std::make_unique<PointTransport>(PointTransportConfig{.point_name = name_}, listener, pool, clock);
    H264Depacketizer::Listener* self = this;
    depacketizer_.emplace(H264Depacketizer::Config{}, *self);
  }

  // Builds both sides of one m-line: the terminal's stream (added here) and the MCU's
  // MediaStreamSetup, with SRTP keys crossed.
  MediaStreamSetup Connect(MediaKind kind) {
    auto ours = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    auto theirs = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    auto terminal_socket = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    auto mcu_socket = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    const int clock_rate = kind == MediaKind::kAudio ? 48000 : 90000;
    MediaStreamSetup terminal;
    terminal.kind = kind;
    terminal.remote_rtp = mcu_socket->local_endpoint();
    terminal.sockets.rtp = std::move(terminal_socket);
    terminal.local_ssrc = kind == MediaKind::kAudio ? 0xA000 + ssrc_base_ : 0xB000 + ssrc_base_;
    terminal.clock_rate_hz = clock_rate;
    terminal.nack = kind == MediaKind::kVideo;
    terminal.srtp_outbound = *SrtpSession::Create(SrtpSession::Direction::kOutbound, ours.suite(), ours.key_and_salt());
    terminal.srtp_inbound =
        *SrtpSession::Create(SrtpSession::Direction::kInbound, theirs.suite(), theirs.key_and_salt());
    MediaStreamSetup mcu;
    mcu.kind = kind;
    mcu.remote_rtp = terminal.sockets.rtp->local_endpoint();
    mcu.sockets.rtp = std::move(mcu_socket);
    mcu.local_ssrc = kind == MediaKind::kAudio ? 0xC000 + ssrc_base_ : 0xD000 + ssrc_base_;
    mcu.clock_rate_hz = clock_rate;
    mcu.nack = kind == MediaKind::kVideo;
    mcu.srtp_outbound = *SrtpSession::Create(SrtpSession::Direction::kOutbound, theirs.suite(), theirs.key_and_salt());
    mcu.srtp_inbound = *SrtpSession::Create(SrtpSession::Direction::kInbound, ours.suite(), ours.key_and_salt());
    EXPECT_TRUE(transport_->AddStream(std::move(terminal)));
    return mcu;
  }

  // A stream built from an SDP negotiation (MakeStreamSetup on the terminal's side).
  void AddStream(MediaStreamSetup setup) { EXPECT_TRUE(transport_->AddStream(std::move(setup))); }
  void set_payload_types(uint8_t opus, uint8_t dtmf, uint8_t h264) {
    opus_pt_ = opus;
    dtmf_pt_ = dtmf;
    h264_pt_ = h264;
  }

  // Encodes `frames` stamped pictures once; they are then sent in a loop at 15 fps.
  // A low `constant_qp` with `idr_interval` 1 (every picture a fine IDR): a terminal that
  // sends far more than it is asked for, whatever the picture.
  void EnableVideo(uint32_t source_id, int width = 320, int height = 180, int frames = 30, int idr_interval = 15,
                   int constant_qp = 0) {
    auto encoder = *H264Encoder::Create({.width = width, .height = height, .max_fps = 15,
                                         .target_bitrate = DataRate::KilobitsPerSec(300),
                                         .idr_interval = idr_interval, .constant_qp = constant_qp});
    VideoFramePool pool({});
    for (int i = 0; i < frames; ++i) {
      auto frame = pool.Acquire(width, height);
      DrawTestPattern(frame->mutable_view(), source_id, static_cast<uint64_t>(i));
      auto encoded = encoder->Encode(*frame);
      EXPECT_TRUE(encoded.has_value());
      video_.push_back({std::vector<uint8_t>(encoded->data.begin(), encoded->data.end()), encoded->keyframe});
    }
  }

  void SendKey(char key) { pending_keys_.push_back(key); }
  void set_tone(double hz) { tone_hz_ = hz; }

  // Every millisecond of simulated time.
  void Step(Timestamp now) {
    if (now >= next_audio_) {
      SendAudio();
      next_audio_ = now + TimeDelta::Millis(20);
    }
    if (!video_.empty() && now >= next_video_) {
      SendVideo();
      next_video_ = now + TimeDelta::Micros(66'667);
    }
    if (now >= transport_->NextProcessTime(now)) transport_->Process();
  }

  // Amplitude of `hz` in what this terminal heard, averaged over its last `frames` frames.
  double Heard(double hz, size_t frames = 10) const {
    if (received_.size() < frames) return 0;
    double sum = 0;
    for (size_t i = received_.size() - frames; i < received_.size(); ++i) sum += ToneAmplitude(received_[i], hz);
    return sum / static_cast<double>(frames);
  }
  size_t audio_frames_received() const { return audio_frames_; }
  const SharedVideoFrame& last_picture() const { return last_picture_; }
  size_t pictures_received() const { return pictures_; }
  PointTransport& transport() { return *transport_; }
  const std::string& name() const { return name_; }
  uint32_t ssrc_base_ = 0;

 private:
  void SendAudio() {
    AudioFrame frame = Tone(tone_hz_, 6000);
    std::array<uint8_t, OpusEncoder::kMaxPayloadSize> payload{};
    auto size = encoder_.Encode(frame, payload);
    ASSERT_TRUE(size.has_value());
    PacketBuffer buffer = pool_->Acquire();
    RtpPacketBuilder builder;
    builder.SetPayloadType(opus_pt_).SetSsrc(0xA000 + ssrc_base_).SetSequenceNumber(audio_seq_++).SetTimestamp(audio_ts_);
    buffer.set_size(*builder.Write(std::span(payload.data(), *size), buffer.storage()));
    transport_->SendRtp(MediaKind::kAudio, std::move(buffer));
    if (!pending_keys_.empty()) SendDtmf();
    audio_ts_ += 960;
  }
  // RFC 4733: one key as a start packet and three end packets, all with the key's timestamp.
  void SendDtmf() {
    const char key = pending_keys_.front();
    pending_keys_.pop_front();
    const uint8_t event = key == '*' ? 10 : key == '#' ? 11 : static_cast<uint8_t>(key - '0');
    for (int i = 0; i < 4; ++i) {
      const uint8_t end = i == 0 ? 0x00 : 0x80;
      const uint16_t duration = static_cast<uint16_t>(i == 0 ? 400 : 800);
      const uint8_t payload[4] = {event, static_cast<uint8_t>(end | 10), static_cast<uint8_t>(duration >> 8),
                                  static_cast<uint8_t>(duration & 0xff)};
      PacketBuffer buffer = pool_->Acquire();
      RtpPacketBuilder builder;
      builder.SetPayloadType(dtmf_pt_).SetSsrc(0xA000 + ssrc_base_).SetSequenceNumber(audio_seq_++);
      builder.SetTimestamp(dtmf_ts_).SetMarker(i == 0);
      buffer.set_size(*builder.Write(payload, buffer.storage()));
      transport_->SendRtp(MediaKind::kAudio, std::move(buffer));
    }
    dtmf_ts_ += 8000;
  }
  void SendVideo() {
    const auto& [annex_b, keyframe] = video_[video_index_++ % video_.size()];
    H264Packetizer packetizer({});
    ASSERT_TRUE(packetizer.SetAccessUnit(annex_b, video_ts_));
    RtpPacketBuilder builder;
    builder.SetPayloadType(h264_pt_).SetSsrc(0xB000 + ssrc_base_);
    while (packetizer.HasNext()) {
      PacketBuffer buffer = pool_->Acquire();
      builder.SetSequenceNumber(video_seq_++);
      buffer.set_size(*packetizer.NextPacket(builder, buffer.storage()));
      transport_->SendRtp(MediaKind::kVideo, std::move(buffer));
    }
    video_ts_ += 6000;
  }

  void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) override {
    if (kind == MediaKind::kVideo) {
      depacketizer_->InsertFrame(frame);
      return;
    }
    for (size_t i = 0; i < frame.packet_count; ++i) {
      auto packet = RtpPacketView::Parse(frame.packet(i));
      if (!packet || packet->payload_type() != opus_pt_) continue;
      AudioFrame out;
      if (decoder_.Decode(OpusDecoder::Packet{packet->payload(), packet->timestamp()}, &out)) {
        received_.push_back(out);
        if (received_.size() > 50) received_.pop_front();
        ++audio_frames_;
      }
    }
  }
  // Like a real terminal: a PLI makes the next picture a keyframe (the next IDR of the loop).
  void OnPointKeyframeRequested(MediaKind kind) override {
    if (kind != MediaKind::kVideo || video_.empty()) return;
    size_t i = video_index_ % video_.size();
    while (!video_[i].second) i = (i + 1) % video_.size();
    video_index_ = i;
  }
  void OnPointBitrateLimit(MediaKind, DataRate) override {}
  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& au) override {
    if (!video_decoder_) video_decoder_ = std::move(*H264Decoder::Create({}));
    auto picture = video_decoder_->Decode(au.annex_b, TimeDelta::Zero());
    if (picture && *picture) {
      last_picture_ = **picture;
      ++pictures_;
    }
  }

  const std::string name_;
  double tone_hz_;
  uint8_t opus_pt_ = kOpusPt;
  uint8_t dtmf_pt_ = kDtmfPt;
  uint8_t h264_pt_ = kH264Pt;
  EventLoop& loop_;
  PacketBufferPool* const pool_;
  std::unique_ptr<PointTransport> transport_;
  OpusEncoder encoder_;
  OpusDecoder decoder_;
  std::deque<AudioFrame> received_;
  size_t audio_frames_ = 0;
  uint16_t audio_seq_ = 1;
  uint32_t audio_ts_ = 48000;
  uint32_t dtmf_ts_ = 480000;
  std::deque<char> pending_keys_;
  std::vector<std::pair<std::vector<uint8_t>, bool>> video_;
  size_t video_index_ = 0;
  uint16_t video_seq_ = 1;
  uint32_t video_ts_ = 90000;
  Timestamp next_audio_;
  Timestamp next_video_;
  std::optional<H264Depacketizer> depacketizer_;
  std::unique_ptr<H264Decoder> video_decoder_;
  SharedVideoFrame last_picture_;
  size_t pictures_ = 0;
};

// Hosts ParticipantMedia objects on the rig's single loop and flushes synchronously.
class SyncHost final : public ParticipantMediaHost {
 public:
  void FlushAll() override {
    for (auto& [id, media] : media_) media->FlushOutbound();
  }
  void RequestKeyframe(ParticipantId id) override {
    if (auto it = media_.find(id); it != media_.end()) it->second->RequestKeyframe();
  }
  std::map<ParticipantId, std::unique_ptr<ParticipantMedia>> media_;
};

class ConferenceRig : public RoomObserver, public ParticipantMediaObserver {
 public:
  explicit ConferenceRig(RoomConfig config = {}) : room_(config, this, &clock_) {}

  // A terminal joined as `role`, with tone `hz`, connected to the room.
  TestTerminal& Join(const std::string& name, ParticipantRole role, double hz, bool video = false) {
    auto terminal = std::make_unique<TestTerminal>(name, hz, loop_, &pool_, &clock_);
    terminal->ssrc_base_ = static_cast<uint32_t>(terminals_.size() + 1);
    std::vector<MediaStreamSetup> streams;
    streams.push_back(terminal->Connect(MediaKind::kAudio));
    if (video) {
      streams.push_back(terminal->Connect(MediaKind::kVideo));
      terminal->EnableVideo(terminal->ssrc_base_, 320, 180, 30, video_idr_interval_, video_qp_);
    }
    auto id = room_.AddParticipant(ParticipantInfo{.name = name, .uri = "sip:" + name + "@127.0.0.1", .role = role});
    EXPECT_TRUE(id.has_value());
    auto link = std::make_shared<ParticipantMediaLink>();
    ParticipantMediaConfig config{.id = *id, .name = name, .room = room_.config().number,
                                  .audio = AudioStreamParams{.opus_payload_type = kOpusPt,
                                                             .telephone_event_payload_type = kDtmfPt}};
    if (video) config.video = VideoStreamParams{.h264_payload_type = kH264Pt};
    auto media = ParticipantMedia::Create(config, std::move(streams), link, this, &pool_, &clock_);
    EXPECT_TRUE(media.has_value()) << (media ? "" : media.error().message);
    host_.media_[*id] = std::move(*media);
    EXPECT_TRUE(room_.AttachMedia(*id, link, &host_));
    ids_[terminal.get()] = *id;
    links_[terminal.get()] = link;
    terminals_.push_back(std::move(terminal));
    return *terminals_.back();
  }
  ParticipantId IdOf(const TestTerminal& t) const { return ids_.at(&t); }
  ParticipantMediaLink& LinkOf(const TestTerminal& t) const { return *links_.at(&t); }

  void Run(TimeDelta duration) {
    for (int64_t ms = 0; ms < duration.ms(); ++ms) {
      const Timestamp now = clock_.Now();
      for (auto& t : terminals_) t->Step(now);
      for (int hop = 0; hop < 2; ++hop) loop_.context().poll();
      for (auto& [id, media] : host_.media_) media->Process();
      if (now >= next_audio_tick_) {
        room_.AudioTick(now);
        next_audio_tick_ = now + TimeDelta::Millis(20);
      }
      if (now >= next_video_tick_) {
        room_.VideoTick(now);
        next_video_tick_ = now + TimeDelta::Micros(33'333);
      }
      loop_.context().poll();
      clock_.Advance(TimeDelta::Millis(1));
    }
  }

  // RoomObserver
  void OnRoomParticipantUpdated(const ParticipantSnapshot&) override {}
  void OnRoomParticipantRemoved(ParticipantId, std::string_view) override {}
  void OnRoomFloorEvent(const FloorEvent& e) override { floor_events_.push_back(e); }
  void OnRoomMediaLost(ParticipantId id) override { media_lost_.push_back(id); }
  void OnRoomHangupWanted(ParticipantId id, std::string_view) override { hangups_.push_back(id); }
  void OnRoomLevels(std::span<const SpeakerLevel>) override { ++level_reports_; }
  void OnRoomTestReport(const ParticipantSnapshot& p) override { test_reports_.push_back(p); }
  // ParticipantMediaObserver: on this single loop, straight into the room.
  void OnParticipantKeyframeRequested(ParticipantId id) override { room_.OnKeyframeRequested(id); }
  void OnParticipantDtmf(ParticipantId id, char key) override { room_.OnDtmf(id, key); }
  void OnParticipantMediaTimeout(ParticipantId id) override { room_.OnMediaTimeout(id); }
  void OnParticipantMediaResumed(ParticipantId id) override { room_.OnMediaResumed(id); }
  void OnParticipantBandwidthWanted(ParticipantId id, int64_t kbps) override { bandwidth_wanted_.emplace_back(id, kbps); }

  EventLoop loop_;
  SimulatedClock clock_;
  PacketBufferPool pool_{1024, 16384};
  Room room_;
  SyncHost host_;
  std::vector<std::unique_ptr<TestTerminal>> terminals_;
  std::map<const TestTerminal*, ParticipantId> ids_;
  std::map<const TestTerminal*, std::shared_ptr<ParticipantMediaLink>> links_;
  std::vector<FloorEvent> floor_events_;
  std::vector<ParticipantId> media_lost_;
  std::vector<ParticipantId> hangups_;
  std::vector<std::pair<ParticipantId, int64_t>> bandwidth_wanted_;
  int video_idr_interval_ = 15;  // for terminals joined from now on
  int video_qp_ = 0;
  int level_reports_ = 0;
  std::vector<ParticipantSnapshot> test_reports_;
  Timestamp next_audio_tick_;
  Timestamp next_video_tick_;
};

}  // namespace softmcu::test
