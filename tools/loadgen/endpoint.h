#pragma once
// One synthetic terminal: its call's SDP (through sdp::MediaNegotiator, so its offers and
// answers are plain standard SDP with SDES keys of its own), its sockets and PointTransport
// (SRTP, RTCP with NACK/PLI/TMMBR, jitter buffers), its video and audio senders and, when
// it is one of the decoding share, the receivers that read the MCU's composite and mix.
// It composes those parts and routes the transport's events to them; it measures nothing
// itself.
//
// Life: kIdle → kCalling (offer made, waiting for the answer) → kConnected → kEnded, or
// kFailed with the SIP code and reason (or timeout). Answer mode goes kIdle → kConnected in
// AnswerOffer(). The transitions are in Transition().
//
// Owned by its LoadGenerator's endpoint group; every method runs on the group's event-loop
// thread (sockets are bound on it). Small by design: the material, packetizer and pools are
// the loop's (LoopResources); an audio-only endpoint is its transport and a few counters.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/units.h"
#include "signaling/sdp/media_negotiator.h"
#include "tools/loadgen/audio_receiver.h"
#include "tools/loadgen/audio_sender.h"
#include "tools/loadgen/call_signaling.h"
#include "tools/loadgen/composite_reader.h"
#include "tools/loadgen/endpoint_report.h"
#include "tools/loadgen/loop_resources.h"
#include "tools/loadgen/receive_probe.h"
#include "tools/loadgen/video_receiver.h"
#include "tools/loadgen/video_sender.h"
#include "transport/point_transport.h"

namespace softmcu::loadgen {

struct EndpointSpec {
  uint32_t id = 0;
  bool audio = true;
  bool video = true;
  bool decode = false;  // one of the --decode-share: decode and measure what arrives
  std::string local_address = "127.0.0.1";
  size_t initial_rendition = 0;
  DataRate max_video_bitrate = DataRate::KilobitsPerSec(100'000);
  size_t start_frame = 0;
  int marker_period_frames = 100;
  TimeDelta freeze_threshold = TimeDelta::Millis(500);
  CompositeReader::Options reader;
  // What we announce we can receive (b=AS) and police inbound to.
  DataRate receive_budget = DataRate::KilobitsPerSec(20'000);
  ReceiveProbe* probe = nullptr;  // sees what a decoding endpoint decodes
};

enum class EndpointState { kIdle, kCalling, kConnected, kEnded, kFailed };
const char* ToString(EndpointState state);

class Endpoint final : private PointTransportListener {
 public:
  Endpoint(const EndpointSpec& spec, LoopResources* loop, const sdp::MediaNegotiator* negotiator);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Dial-in: binds the endpoint's ports and makes its offer. Fails (and the endpoint is
  // kFailed) if a port cannot be bound or nothing can be offered.
  Result<sdp::SessionDescription> MakeOffer(Timestamp now);
  void OnAnswer(const sdp::SessionDescription& answer, Timestamp now);
  // Answer mode: binds ports, answers the MCU's offer and starts media.
  Result<sdp::SessionDescription> AnswerOffer(const sdp::SessionDescription& offer, Timestamp now);
  void OnCallFailed(const CallFailure& failure, Timestamp now);
  void OnCallEnded(const std::string& reason, Timestamp now);
  void OnKeyframeRequested();  // SIP INFO
  // We hang up (end of the run): media stops.
  void Hangup(Timestamp now);

  // Sends what is due, runs the transport, checks for freezes. Call every few ms.
  void Tick(Timestamp now);
  // When Tick() next has work (media due or the transport's next deadline).
  Timestamp NextWork() const;

  uint32_t id() const { return spec_.id; }
  EndpointState state() const { return state_; }
  EndpointReport MakeReport(Timestamp now) const;
  // For progress lines: the decoders' latency histograms (nullptr when not decoding).
  const LatencyHistogram* video_latency() const {
    return video_receiver_ ? &video_receiver_->tiles().latency() : nullptr;
  }
  const LatencyHistogram* audio_latency() const;
  uint64_t freezes() const { return video_receiver_ ? video_receiver_->tiles().stats().freezes : 0; }
  const PointTransport* transport() const { return transport_.get(); }

 private:
  struct Sockets;

  // PointTransportListener.
  void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) override;
  void OnPointKeyframeRequested(MediaKind kind) override;
  void OnPointBitrateLimit(MediaKind kind, DataRate limit) override;

  void Transition(EndpointState next, Timestamp now);
  Result<sdp::LocalMedia> BindPorts();
  Result<void> StartMedia(const sdp::NegotiatedSession& session, Timestamp now);
  void Fail(int sip_status, std::string reason, bool timeout, Timestamp now);
  std::optional<StreamReceiveReport> ReceiveReport(MediaKind kind, TimeDelta connected) const;
  // Keeps the receive statistics when the transport goes away at the end of the call.
  void SnapshotReceived(Timestamp now);

  const EndpointSpec spec_;
  LoopResources* const loop_;
  const sdp::MediaNegotiator* const negotiator_;
  SendLog* const log_;
  EndpointState state_ = EndpointState::kIdle;
  std::unique_ptr<Sockets> sockets_;           // bound, not yet handed to the transport
  std::unique_ptr<sdp::LocalOffer> offer_;      // while kCalling
  std::unique_ptr<PointTransport> transport_;
  std::unique_ptr<VideoSender> video_sender_;
  std::unique_ptr<AudioSender> audio_sender_;
  std::unique_ptr<VideoReceiver> video_receiver_;
  std::unique_ptr<AudioReceiver> audio_receiver_;
  std::optional<Timestamp> call_started_;
  std::optional<Timestamp> connected_at_;
  std::optional<Timestamp> ended_at_;
  std::optional<int> sip_status_;
  std::string failure_;
  bool timeout_ = false;
  Timestamp last_keyframe_request_;
  std::optional<StreamReceiveReport> final_audio_received_;
  std::optional<StreamReceiveReport> final_video_received_;
};

}  // namespace softmcu::loadgen
