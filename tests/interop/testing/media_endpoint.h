#pragma once
// The media side of an interop call, as the conference will run it: one PointTransport
// with the SDES-SRTP keys the SIP negotiation produced, on its own media loop thread,
// sending a stamped H.264 test pattern (encoded once with H264Encoder, packetized per
// frame with H264Packetizer) at 15 fps and a 440 Hz Opus tone every 20 ms, and counting
// what comes back. The peer's RTCP receiver reports about our SSRCs (which give us an RTT)
// prove that it received and understood our streams.
//
// Threading: Bind/Start/Stop/Snapshot may be called from the test thread; they post to
// the media loop and wait for it.

#include <cmath>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "core/event_loop.h"
#include "core/packet_buffer_pool.h"
#include "media/audio/opus_encoder.h"
#include "media/h264/h264_packetizer.h"
#include "media/video/h264_encoder.h"
#include "media/video/test_pattern.h"
#include "media/video/video_frame.h"
#include "signaling/sdp/media_capabilities.h"
#include "signaling/sdp/negotiated_session.h"
#include "transport/net/udp_socket.h"
#include "transport/point_transport.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "transport/srtp/srtp_session.h"

namespace softmcu::interop {

struct MediaCounters {
  uint64_t audio_rtp_received = 0;  // RTP packets that passed SRTP and reached the jitter buffer
  uint64_t video_rtp_received = 0;
  uint64_t audio_frames = 0;  // delivered in order by the jitter buffer
  uint64_t video_frames = 0;
  uint64_t audio_rtcp_received = 0;
  uint64_t video_rtcp_received = 0;
  uint64_t audio_rtp_sent = 0;
  uint64_t video_rtp_sent = 0;
  bool audio_rtt = false;  // the peer reported on our audio SSRC (RR with LSR)
  bool video_rtt = false;
  uint64_t keyframe_requests = 0;
};

class MediaEndpoint : public PointTransportListener {
  template <typename F>
  auto Run(F&& f) {
    std::promise<decltype(f())> done;
    thread_.loop().Post([&] { done.set_value(f()); });
    return done.get_future().get();
  }

 public:
  MediaEndpoint() = default;
  ~MediaEndpoint() { Stop(); }

  // Binds one socket per stream on 127.0.0.1 (rtcp-mux) and returns them for our SDP.
  sdp::LocalMedia Bind() {
    return Run([this] {
      const auto loopback = asio::ip::make_address("127.0.0.1");
      audio_socket_ = std::move(*UdpSocket::Bind(thread_.loop().context(), {loopback, 0}));
      video_socket_ = std::move(*UdpSocket::Bind(thread_.loop().context(), {loopback, 0}));
      sdp::LocalMedia local;
      local.audio.rtp_port = audio_socket_->local_endpoint().port();
      local.video.rtp_port = video_socket_->local_endpoint().port();
      local.audio.ssrc = kAudioSsrc;
      local.video.ssrc = kVideoSsrc;
      return local;
    });
  }

  // Starts sending and receiving on the negotiated streams; false (with `error()`) if the
  // session lacks audio or video or keys.
  bool Start(const sdp::NegotiatedSession& session) {
    return Run([&] { return StartOnLoop(session); });
  }

  void Stop() {
    if (!point_ && !audio_socket_) return;
    Run([this] {
      ticks_.reset();
      process_.reset();
      point_.reset();
      audio_socket_.reset();
      video_socket_.reset();
      return true;
    });
  }

  MediaCounters Snapshot() {
    return Run([this] {
      MediaCounters c = counters_;
      if (point_) {
        if (auto* t = point_->transport(MediaKind::kAudio)) {
          c.audio_rtp_received = t->stats().rtp_packets;
          c.audio_rtcp_received = t->stats().rtcp_packets;
          c.audio_rtp_sent = t->stats().sent_rtp;
        }
        if (auto* t = point_->transport(MediaKind::kVideo)) {
          c.video_rtp_received = t->stats().rtp_packets;
          c.video_rtcp_received = t->stats().rtcp_packets;
          c.video_rtp_sent = t->stats().sent_rtp;
        }
        c.audio_rtt = point_->rtt(MediaKind::kAudio).has_value();
        c.video_rtt = point_->rtt(MediaKind::kVideo).has_value();
      }
      return c;
    });
  }

  const std::string& error() const { return error_; }

 private:
  static constexpr uint32_t kAudioSsrc = 0x50f7a001;
  static constexpr uint32_t kVideoSsrc = 0x50f7a002;
  static constexpr int kWidth = 320, kHeight = 240, kFrames = 30;

  bool Fail(std::string error) {
    error_ = std::move(error);
    return false;
  }

  bool AddStream(MediaKind kind, const sdp::NegotiatedStream& stream, std::unique_ptr<UdpSocket> socket) {
    MediaStreamSetup setup;
    setup.kind = kind;
    setup.sockets.rtp = std::move(socket);
    setup.local_ssrc = kind == MediaKind::kAudio ? kAudioSsrc : kVideoSsrc;
    setup.clock_rate_hz = kind == MediaKind::kAudio ? 48000 : 90000;
    setup.nack = kind == MediaKind::kVideo && stream.feedback.nack;
    const auto address = asio::ip::make_address(stream.remote_address);
    setup.remote_rtp = {address, stream.remote_rtp_port};
    setup.remote_rtcp = asio::ip::udp::endpoint(address, stream.remote_rtcp_port);
    if (!stream.srtp) return Fail("no SRTP keys negotiated for " + std::string(sdp::ToString(stream.role)));
    const sdp::SrtpKeys& keys = *stream.srtp;
    auto outbound = SrtpSession::Create(SrtpSession::Direction::kOutbound, keys.suite, keys.local_key.key_and_salt());
    auto inbound = SrtpSession::Create(SrtpSession::Direction::kInbound, keys.suite, keys.remote_key.key_and_salt(),
                                       {.replay_window = 1024});
    if (!outbound || !inbound) return Fail("SRTP session setup failed");
    setup.srtp_outbound = std::move(*outbound);
    setup.srtp_inbound = std::move(*inbound);
    auto added = point_->AddStream(std::move(setup));
    return added ? true : Fail(added.error().message);
  }

  bool StartOnLoop(const sdp::NegotiatedSession& session) {
    if (!session.audio || !session.video) return Fail("the call needs both audio and video");
    audio_ = *session.audio;
    video_ = *session.video;
    if (!audio_.rtcp_mux || !video_.rtcp_mux) return Fail("the peer did not accept rtcp-mux");
    PointTransportConfig config;
    config.point_name = "interop-peer";
    config.policer.rate = DataRate::KilobitsPerSec(10000);
    point_ = std::make_unique<PointTransport>(config, this, &pool_, SystemClock::Instance());
    if (!AddStream(MediaKind::kAudio, audio_, std::move(audio_socket_))) return false;
    if (!AddStream(MediaKind::kVideo, video_, std::move(video_socket_))) return false;
    if (!Encode()) return false;
    packetizer_ = std::make_unique<H264Packetizer>(H264Packetizer::Config{
        .max_payload_size = 1100,
        .mode = video_.video && video_.video->packetization_mode == 0 ? H264PacketizationMode::kSingleNalUnit
                                                                       : H264PacketizationMode::kNonInterleaved});
    ticks_ = thread_.loop().Every(TimeDelta::Millis(20), [this] { Tick(); });
    process_ = thread_.loop().Every(TimeDelta::Millis(5), [this] { point_->Process(); });
    return true;
  }

  // The test pattern, encoded once: an IDR every 15 frames so a peer that joins or loses
  // packets recovers within a second.
  bool Encode() {
    auto encoder = H264Encoder::Create({.width = kWidth, .height = kHeight, .max_fps = 15,
                                        .target_bitrate = DataRate::KilobitsPerSec(300), .idr_interval = 15,
                                        .max_slice_bytes = 1000});
    if (!encoder) return Fail("H264Encoder: " + encoder.error().message);
    for (int i = 0; i < kFrames; ++i) {
      VideoFrame frame(kWidth, kHeight);
      DrawTestPattern(frame.mutable_view(), 7, i);
      frame.set_pts(TimeDelta::Millis(i * 66));
      auto encoded = (*encoder)->Encode(frame);
      if (!encoded) return Fail("encode: " + encoded.error().message);
      video_frames_.emplace_back(encoded->data.begin(), encoded->data.end());
    }
    OpusEncoder opus({.bitrate = DataRate::KilobitsPerSec(32)});
    for (int i = 0; i < 50; ++i) {
      AudioFrame frame;
      for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
        const double t = double(i * AudioFrame::kSamples + n) / AudioFrame::kSampleRate;
        frame.samples[n] = int16_t(8000 * std::sin(2 * M_PI * 440 * t));
      }
      std::vector<uint8_t> payload(OpusEncoder::kMaxPayloadSize);
      auto size = opus.Encode(frame, payload);
      if (!size) return Fail("opus encode failed");
      payload.resize(*size);
      audio_frames_.push_back(std::move(payload));
    }
    return true;
  }

  void Tick() {
    SendAudio();
    if (++tick_ % 3 == 0) SendVideo();  // 20 ms x 3 ≈ 15 fps
  }

  void SendAudio() {
    PacketBuffer buffer = pool_.Acquire();
    if (!buffer) return;
    RtpPacketBuilder builder;
    builder.SetPayloadType(audio_.payload_type).SetSsrc(kAudioSsrc).SetSequenceNumber(audio_seq_++).SetTimestamp(
        audio_ts_);
    audio_ts_ += AudioFrame::kSamples;
    const auto& payload = audio_frames_[audio_index_++ % audio_frames_.size()];
    auto size = builder.Write(payload, buffer.storage());
    if (!size) return;
    buffer.set_size(*size);
    point_->SendRtp(MediaKind::kAudio, std::move(buffer));
  }

  void SendVideo() {
    // After a keyframe request, skip ahead to the next IDR of the loop (0 or 15).
    if (keyframe_wanted_) {
      video_index_ = video_index_ % kFrames < 15 ? 15 : 30;
      keyframe_wanted_ = false;
    }
    const auto& au = video_frames_[video_index_++ % kFrames];
    video_ts_ += 6000;  // 90 kHz / 15 fps
    if (!packetizer_->SetAccessUnit(au, video_ts_)) return;
    RtpPacketBuilder builder;
    builder.SetPayloadType(video_.payload_type).SetSsrc(kVideoSsrc);
    while (packetizer_->HasNext()) {
      PacketBuffer buffer = pool_.Acquire();
      if (!buffer) return;
      builder.SetSequenceNumber(video_seq_++);
      auto size = packetizer_->NextPacket(builder, buffer.storage());
      if (!size) return;
      buffer.set_size(*size);
      point_->SendRtp(MediaKind::kVideo, std::move(buffer));
    }
  }

  void OnPointFrame(MediaKind kind, const JitterBufferFrame&) override {
    ++(kind == MediaKind::kAudio ? counters_.audio_frames : counters_.video_frames);
  }
  void OnPointKeyframeRequested(MediaKind) override {
    ++counters_.keyframe_requests;
    keyframe_wanted_ = true;
  }
  void OnPointBitrateLimit(MediaKind, DataRate) override {}

  EventLoopThread thread_{"media-test"};
  PacketBufferPool pool_{256, 4096};
  std::unique_ptr<UdpSocket> audio_socket_, video_socket_;
  std::unique_ptr<PointTransport> point_;
  std::unique_ptr<EventLoop::RepeatingTask> ticks_, process_;
  std::unique_ptr<H264Packetizer> packetizer_;
  sdp::NegotiatedStream audio_, video_;
  std::vector<std::vector<uint8_t>> video_frames_, audio_frames_;
  MediaCounters counters_;
  std::string error_;
  uint64_t tick_ = 0;
  size_t video_index_ = 0, audio_index_ = 0;
  uint16_t audio_seq_ = 1000, video_seq_ = 5000;
  uint32_t audio_ts_ = 48000, video_ts_ = 90000;
  bool keyframe_wanted_ = false;
};

}  // namespace softmcu::interop
