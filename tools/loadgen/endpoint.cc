#include "tools/loadgen/endpoint.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "tools/loadgen/stream_setup.h"
#include "transport/net/udp_socket.h"

namespace softmcu::loadgen {
namespace {

constexpr TimeDelta kTick = TimeDelta::Millis(5);
// A decoder waiting for an IDR asks again this often (the transport rate-limits PLIs too).
constexpr TimeDelta kKeyframeRetry = TimeDelta::Millis(500);
// Video sockets hold ~10 s of a 1.5 Mbps stream, so a loop that stalls (a starved machine)
// loses time, not packets.
constexpr int kVideoReceiveBuffer = 2 << 20;

// SSRCs differ per endpoint and kind (RFC 3550 §8: random is best, but reproducible runs
// with --seed are worth more to a load test; collisions across 2^32 are not a concern here).
uint32_t Ssrc(uint32_t id, MediaKind kind) {
  uint32_t x = id * 2 + (kind == MediaKind::kVideo ? 1 : 0) + 0x9E3779B9u;
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x == 0 ? 1 : x;
}

uint32_t FrameMacroblocks(const VideoRendition& r) {
  return static_cast<uint32_t>(r.geometry().mb_width() * r.geometry().mb_height());
}

// `wanted` if its frame size is within `max_fs` macroblocks, else the largest one that is,
// else the smallest of all.
size_t FittingRendition(const VideoMaterial& material, size_t wanted, uint32_t max_fs) {
  wanted = std::min(wanted, material.rendition_count() - 1);
  if (FrameMacroblocks(material.rendition(wanted)) <= max_fs) return wanted;
  std::optional<size_t> best;
  size_t smallest = 0;
  for (size_t i = 0; i < material.rendition_count(); ++i) {
    const uint32_t mbs = FrameMacroblocks(material.rendition(i));
    if (mbs < FrameMacroblocks(material.rendition(smallest))) smallest = i;
    if (mbs <= max_fs && (!best || mbs > FrameMacroblocks(material.rendition(*best)))) best = i;
  }
  return best.value_or(smallest);
}

double Kbps(uint64_t bytes, TimeDelta over) {
  return over.us() > 0 ? static_cast<double>(bytes) * 8.0 / over.seconds() / 1000.0 : 0.0;
}

}  // namespace

const char* ToString(EndpointState state) {
  switch (state) {
    case EndpointState::kIdle:
      return "idle";
    case EndpointState::kCalling:
      return "calling";
    case EndpointState::kConnected:
      return "connected";
    case EndpointState::kEnded:
      return "ended";
    case EndpointState::kFailed:
      return "failed";
  }
  return "unknown";
}

struct Endpoint::Sockets {
  std::unique_ptr<UdpSocket> audio;
  std::unique_ptr<UdpSocket> video;
};

Endpoint::Endpoint(const EndpointSpec& spec, LoopResources* loop, const sdp::MediaNegotiator* negotiator)
    : spec_(spec), loop_(loop), negotiator_(negotiator), log_(loop->directory->log(spec.id)) {}

Endpoint::~Endpoint() = default;

// Every state change, in one place.
void Endpoint::Transition(EndpointState next, Timestamp now) {
  if (state_ == next) return;
  switch (next) {
    case EndpointState::kCalling:
      call_started_ = now;
      break;
    case EndpointState::kConnected:
      connected_at_ = now;
      if (!call_started_) call_started_ = now;
      break;
    case EndpointState::kEnded:
    case EndpointState::kFailed:
      ended_at_ = now;
      SnapshotReceived(now);
      offer_.reset();
      sockets_.reset();
      // The transport goes with its sockets; senders and receivers keep their counters.
      transport_.reset();
      break;
    case EndpointState::kIdle:
      break;
  }
  state_ = next;
}

void Endpoint::Fail(int sip_status, std::string reason, bool timeout, Timestamp now) {
  if (state_ == EndpointState::kEnded || state_ == EndpointState::kFailed) return;
  if (sip_status != 0) sip_status_ = sip_status;
  failure_ = std::move(reason);
  timeout_ = timeout;
  uint64_t suppressed = 0;
  if (loop_->failure_log.Allow(&suppressed)) {
    spdlog::warn("loadgen endpoint {}: {}{}{}", spec_.id, sip_status ? fmt::format("{} ", sip_status) : "", failure_,
                 suppressed ? fmt::format(" ({} similar lines not logged)", suppressed) : "");
  }
  Transition(EndpointState::kFailed, now);
}

Result<sdp::LocalMedia> Endpoint::BindPorts() {
  asio::error_code ec;
  const auto address = asio::ip::make_address(spec_.local_address, ec);
  if (ec) return MakeError(ErrorCode::kInvalidArgument, "local address '" + spec_.local_address + "' is not an IP address");
  sockets_ = std::make_unique<Sockets>();
  sdp::LocalMedia local;
  local.address_type = address.is_v6() ? sdp::AddressType::kIp6 : sdp::AddressType::kIp4;
  local.address = spec_.local_address;
  local.cname = fmt::format("loadgen-{}", spec_.id);
  local.session_id = std::to_string(spec_.id + 1);
  auto bind = [&](MediaKind kind, std::unique_ptr<UdpSocket>& socket, sdp::LocalStreamAddress& out) -> Result<void> {
    auto bound = UdpSocket::Bind(loop_->context, {address, 0});
    if (!bound) return tl::unexpected(bound.error());
    socket = std::move(*bound);
    if (kind == MediaKind::kVideo) (void)socket->SetReceiveBufferSize(kVideoReceiveBuffer);
    out.rtp_port = socket->local_endpoint().port();
    out.ssrc = Ssrc(spec_.id, kind);
    return {};
  };
  if (spec_.audio) {
    if (auto ok = bind(MediaKind::kAudio, sockets_->audio, local.audio); !ok) return tl::unexpected(ok.error());
  }
  if (spec_.video) {
    if (auto ok = bind(MediaKind::kVideo, sockets_->video, local.video); !ok) return tl::unexpected(ok.error());
  }
  return local;
}

Result<sdp::SessionDescription> Endpoint::MakeOffer(Timestamp now) {
  auto local = BindPorts();
  if (!local) {
    Fail(0, "cannot bind media ports: " + local.error().message, false, now);
    return tl::unexpected(local.error());
  }
  auto offer = negotiator_->CreateOffer(*local);
  if (!offer) {
    Fail(0, "cannot make an offer: " + offer.error().reason, false, now);
    return MakeError(ErrorCode::kInternal, offer.error().reason);
  }
  // Nothing on the wire names softmcu: we are a generic terminal.
  offer->sdp.origin.username = "loadgen";
  offer->sdp.session_name = "loadgen";
  offer_ = std::make_unique<sdp::LocalOffer>(std::move(*offer));
  Transition(EndpointState::kCalling, now);
  return offer_->sdp;
}

void Endpoint::OnAnswer(const sdp::SessionDescription& answer, Timestamp now) {
  if (state_ != EndpointState::kCalling || !offer_) return;
  auto session = negotiator_->ProcessAnswer(*offer_, answer);
  if (!session) {
    Fail(session.error().sip_status, "unusable answer: " + session.error().reason, false, now);
    return;
  }
  if (auto started = StartMedia(*session, now); !started) Fail(0, started.error().message, false, now);
}

Result<sdp::SessionDescription> Endpoint::AnswerOffer(const sdp::SessionDescription& offer, Timestamp now) {
  if (state_ != EndpointState::kIdle) return MakeError(ErrorCode::kAlreadyExists, "endpoint already in a call");
  Transition(EndpointState::kCalling, now);
  auto local = BindPorts();
  if (!local) {
    Fail(0, "cannot bind media ports: " + local.error().message, false, now);
    return tl::unexpected(local.error());
  }
  auto answer = negotiator_->AnswerOffer(offer, *local);
  if (!answer) {
    Fail(answer.error().sip_status, "refused the offer: " + answer.error().reason, false, now);
    return MakeError(ErrorCode::kInvalidArgument, answer.error().reason);
  }
  answer->answer.origin.username = "loadgen";
  answer->answer.session_name = "loadgen";
  if (auto started = StartMedia(answer->session, now); !started) {
    Fail(0, started.error().message, false, now);
    return tl::unexpected(started.error());
  }
  return answer->answer;
}

Result<void> Endpoint::StartMedia(const sdp::NegotiatedSession& session, Timestamp now) {
  PointTransportConfig config;
  config.point_name = fmt::format("loadgen-{}", spec_.id);
  config.cname = config.point_name;
  config.policer.rate = std::clamp(spec_.receive_budget, PolicerConfig::kMinRate, PolicerConfig::kMaxRate);
  PointTransportListener* self = this;  // private base: convert here, where it is accessible
  transport_ = std::make_unique<PointTransport>(config, self, &loop_->pool, loop_->clock);

  auto add = [&](const sdp::NegotiatedStream& s, MediaKind kind, std::unique_ptr<UdpSocket>& socket) -> Result<void> {
    auto setup = MakeStreamSetup(s, kind, std::move(socket), Ssrc(spec_.id, kind));
    if (!setup) return tl::unexpected(setup.error());
    return transport_->AddStream(std::move(*setup));
  };

  const uint32_t first_ts = Ssrc(spec_.id, MediaKind::kAudio) * 3;  // random-looking start (RFC 3550 §5.1)
  const auto first_seq = static_cast<uint16_t>(Ssrc(spec_.id, MediaKind::kVideo) >> 7);
  if (session.audio && spec_.audio && session.audio->audio) {
    if (auto ok = add(*session.audio, MediaKind::kAudio, sockets_->audio); !ok) return ok;
    audio_sender_ = std::make_unique<AudioSender>(
        AudioSender::Config{.endpoint_id = spec_.id,
                            .ssrc = Ssrc(spec_.id, MediaKind::kAudio),
                            .payload_type = session.audio->payload_type,
                            .marker_period_frames = spec_.marker_period_frames,
                            .first_rtp_timestamp = first_ts,
                            .first_sequence_number = first_seq},
        loop_, log_, now);
    audio_receiver_ = std::make_unique<AudioReceiver>(loop_->directory, spec_.decode, spec_.probe, spec_.id);
  }
  if (session.video && spec_.video && session.video->video && loop_->video) {
    if (session.video->video->packetization_mode != 1) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "the peer accepts only H.264 packetization-mode 0; the material needs mode 1 (FU-A)");
    }
    if (auto ok = add(*session.video, MediaKind::kVideo, sockets_->video); !ok) return ok;
    // Never more than the negotiated level allows (max-fs): the largest rendition that fits.
    const size_t rendition = FittingRendition(*loop_->video, spec_.initial_rendition,
                                              session.video->video->send_limits.max_fs);
    video_sender_ = std::make_unique<VideoSender>(
        VideoSender::Config{.endpoint_id = spec_.id,
                            .ssrc = Ssrc(spec_.id, MediaKind::kVideo),
                            .payload_type = session.video->payload_type,
                            .rendition = rendition,
                            .start_frame = spec_.start_frame,
                            .max_bitrate = spec_.max_video_bitrate,
                            .first_rtp_timestamp = first_ts,
                            .first_sequence_number = first_seq},
        loop_, log_, now);
    if (spec_.decode) {
      video_receiver_ = std::make_unique<VideoReceiver>(spec_.reader, loop_->directory, spec_.freeze_threshold,
                                                        spec_.probe, spec_.id);
    }
  }
  sockets_.reset();  // sockets of streams the answer refused
  if (!audio_sender_ && !video_sender_) return MakeError(ErrorCode::kInvalidArgument, "the answer accepted no stream we send");
  offer_.reset();
  Transition(EndpointState::kConnected, now);
  return {};
}

void Endpoint::OnCallFailed(const CallFailure& failure, Timestamp now) {
  Fail(failure.sip_status, failure.reason.empty() ? "call failed" : failure.reason, failure.timeout, now);
}

void Endpoint::OnCallEnded(const std::string& reason, Timestamp now) {
  if (state_ != EndpointState::kConnected && state_ != EndpointState::kCalling) return;
  // The MCU hung up on us before the run ended: a failure of the run, with the reason.
  Fail(0, "call ended by the far end: " + reason, false, now);
}

void Endpoint::OnKeyframeRequested() {
  if (video_sender_) video_sender_->OnKeyframeRequested();
}

void Endpoint::Hangup(Timestamp now) {
  if (state_ == EndpointState::kConnected || state_ == EndpointState::kCalling) Transition(EndpointState::kEnded, now);
}

void Endpoint::Tick(Timestamp now) {
  if (state_ != EndpointState::kConnected || !transport_) return;
  if (audio_sender_) audio_sender_->SendDue(now, *transport_);
  if (video_sender_) video_sender_->SendDue(now, *transport_);
  if (video_receiver_) {
    video_receiver_->CheckFreezes(now);
    if (video_receiver_->keyframe_needed() && now - last_keyframe_request_ >= kKeyframeRetry) {
      transport_->RequestKeyframe(MediaKind::kVideo);
      last_keyframe_request_ = now;
    }
  }
  transport_->Process();
}

Timestamp Endpoint::NextWork() const {
  if (state_ != EndpointState::kConnected || !transport_) return Timestamp::Micros(INT64_MAX);
  Timestamp next = transport_->NextProcessTime(transport_->now());
  if (video_sender_) next = std::min(next, video_sender_->next_frame_time());
  if (video_receiver_) next = std::min(next, transport_->now() + kTick);
  return next;
}

void Endpoint::OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) {
  if (kind == MediaKind::kVideo) {
    if (video_receiver_) video_receiver_->OnFrame(frame);
  } else if (audio_receiver_) {
    audio_receiver_->OnFrame(frame);
  }
}

void Endpoint::OnPointKeyframeRequested(MediaKind kind) {
  if (kind == MediaKind::kVideo && video_sender_) video_sender_->OnKeyframeRequested();
}

void Endpoint::OnPointBitrateLimit(MediaKind kind, DataRate limit) {
  if (kind == MediaKind::kVideo && video_sender_) video_sender_->OnBitrateLimit(limit);
}

std::optional<StreamReceiveReport> Endpoint::ReceiveReport(MediaKind kind, TimeDelta connected) const {
  const RtpReceiveStream* stream = transport_ ? transport_->receive_stream(kind) : nullptr;
  const MediaTransport* media = transport_ ? transport_->transport(kind) : nullptr;
  if (!stream || !media) return std::nullopt;
  StreamReceiveReport s;
  s.transport_drops = media->total_drops();
  if (const ReceiveStatistics* stats = stream->statistics()) {
    s.packets = static_cast<uint64_t>(stats->counters().packets);
    s.expected = stats->expected();
    s.lost = stats->cumulative_lost();
    const int clock = kind == MediaKind::kAudio ? 48000 : 90000;
    s.jitter_ms = static_cast<double>(stats->jitter()) * 1000.0 / clock;
    s.kbps = Kbps(static_cast<uint64_t>(stats->counters().bytes), connected);
  }
  return s;
}

void Endpoint::SnapshotReceived(Timestamp now) {
  const TimeDelta connected = connected_at_ ? now - *connected_at_ : TimeDelta::Zero();
  final_audio_received_ = ReceiveReport(MediaKind::kAudio, connected);
  final_video_received_ = ReceiveReport(MediaKind::kVideo, connected);
}

const LatencyHistogram* Endpoint::audio_latency() const {
  return audio_receiver_ && audio_receiver_->decoding() ? &audio_receiver_->latency() : nullptr;
}

EndpointReport Endpoint::MakeReport(Timestamp now) const {
  EndpointReport r;
  r.id = spec_.id;
  r.state = ToString(state_);
  r.sip_status = sip_status_;
  r.failure = failure_;
  r.timeout = timeout_;
  if (call_started_ && connected_at_) r.join_ms = static_cast<double>((*connected_at_ - *call_started_).us()) / 1000.0;
  const Timestamp end = ended_at_.value_or(now);
  const TimeDelta connected = connected_at_ ? end - *connected_at_ : TimeDelta::Zero();
  r.connected_s = connected.seconds();
  if (video_sender_) {
    const auto& s = video_sender_->stats();
    const RenditionSpec& spec = loop_->video->rendition(video_sender_->rendition()).spec();
    r.rendition = fmt::format("{}x{}", spec.width, spec.height);
    r.video_frames_sent = s.frames;
    r.video_packets_sent = s.packets;
    r.payload_bytes_sent += s.bytes;
    r.video_keyframes_sent = s.keyframes;
    r.keyframe_requests_received = s.keyframe_requests;
    r.rendition_switches = s.rendition_switches;
    r.video_kbps_sent = Kbps(s.bytes, connected);
    r.packets_dropped_sending += s.packets_dropped;
    r.late_video_frames = s.late_frames;
  }
  if (audio_sender_) {
    const auto& s = audio_sender_->stats();
    r.audio_packets_sent = s.packets;
    r.payload_bytes_sent += s.bytes;
    r.markers_sent = s.markers;
    r.audio_kbps_sent = Kbps(s.bytes, connected);
    r.packets_dropped_sending += s.packets_dropped;
    r.late_audio_packets = s.late_packets;
  }
  if (transport_) {
    r.audio_received = ReceiveReport(MediaKind::kAudio, connected);
    r.video_received = ReceiveReport(MediaKind::kVideo, connected);
  } else {
    r.audio_received = final_audio_received_;
    r.video_received = final_video_received_;
  }
  if (audio_receiver_) {
    const auto& s = audio_receiver_->stats();
    r.audio_lost_frames = s.lost_frames;
    r.audio_gaps = s.gaps;
    if (audio_receiver_->decoding()) {
      r.decodes = true;
      r.markers_heard = s.markers;
      r.markers_undecodable = s.markers_undecodable;
      r.audio_concealed = s.concealed;
      r.audio_decode_errors = s.decode_errors;
      r.audio_latency = audio_receiver_->latency();
    }
  }
  if (video_receiver_) {
    const auto& s = video_receiver_->stats();
    const TileTracker& tiles = video_receiver_->tiles();
    r.decodes = true;
    r.pictures_decoded = s.pictures;
    r.video_decode_errors = s.decode_errors;
    r.tiles_read = tiles.stats().tiles_read;
    r.unknown_stamps = tiles.stats().unknown_stamps;
    r.layout = video_receiver_->layout_name();
    r.tiles = tiles.TilesShown();
    r.freezes = tiles.stats().freezes;
    r.frozen_s = tiles.FrozenTime(end).seconds();
    r.video_latency = tiles.latency();
  }
  return r;
}

}  // namespace softmcu::loadgen
