#include "conference/media/participant_media.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "core/random.h"

namespace softmcu {

namespace {
constexpr int kAudioClockHz = 48000;
constexpr int kVideoClockHz = 90000;
constexpr TimeDelta kStatsInterval = TimeDelta::Seconds(1);

void AccumulateLoss(const RtpReceiveStream* stream, uint64_t* lost, int64_t* expected) {
  if (stream == nullptr || stream->statistics() == nullptr) return;
  const ReceiveStatistics& s = *stream->statistics();
  *lost += static_cast<uint64_t>(std::max<int32_t>(0, s.cumulative_lost()));
  *expected += std::max<int64_t>(0, s.expected());
}
}  // namespace

Result<std::unique_ptr<ParticipantMedia>> ParticipantMedia::Create(const ParticipantMediaConfig& config,
                                                                   std::vector<MediaStreamSetup> streams,
                                                                   std::shared_ptr<ParticipantMediaLink> link,
                                                                   ParticipantMediaObserver* observer,
                                                                   PacketBufferPool* pool, const Clock* clock) {
  if (auto ok = config.policer.Validate(); !ok) return tl::unexpected(ok.error());
  std::unique_ptr<ParticipantMedia> media(new ParticipantMedia(config, std::move(link), observer, pool, clock));
  for (auto& stream : streams) {
    const MediaKind kind = stream.kind;
    if ((kind == MediaKind::kAudio && !config.audio) || (kind == MediaKind::kVideo && !config.video)) {
      return MakeError(ErrorCode::kInvalidArgument, "a stream was given without its codec parameters");
    }
    if (auto ok = media->transport_->AddStream(std::move(stream)); !ok) return tl::unexpected(ok.error());
  }
  return media;
}

ParticipantMedia::ParticipantMedia(const ParticipantMediaConfig& config, std::shared_ptr<ParticipantMediaLink> link,
                                   ParticipantMediaObserver* observer, PacketBufferPool* pool, const Clock* clock)
    : config_(config),
      link_(std::move(link)),
      observer_(observer),
      pool_(pool),
      clock_(clock),
      send_rate_(config.policer.rate) {
  PointTransportListener* self = this;
  transport_ = std::make_unique<PointTransport>(
      PointTransportConfig{.point_name = config.name, .cname = "softmcu", .policer = config.policer}, self, pool,
      clock);
  if (config.metrics != nullptr) {
    metrics_ = std::make_unique<PointMetrics>(
        config.metrics, MetricLabels{{"room", config.room}, {"point", config.name}, {"id", std::to_string(config.id)}});
    if (config.security_alarms != nullptr) metrics_->EnableSecurityAlarms(config.security_alarm, config.security_alarms);
    decode_cpu_us_ = config.metrics->GetCounter(std::string(kRoomStageCpuMetric),
                                                MetricLabels{{"room", config.room}, {"stage", "decode"}},
                                                std::string(kRoomStageCpuHelp));
  }
  const Timestamp now = clock->Now();
  last_media_time_ = now;
  next_stats_ = now + kStatsInterval;
  stats_window_start_ = now;
  if (config.audio) {
    audio_builder_.SetPayloadType(config.audio->opus_payload_type).SetSsrc(0);
    audio_seq_ = static_cast<uint16_t>(RandomU32());
    audio_timestamp_offset_ = RandomU32();
    if (config.audio->telephone_event_payload_type) {
      dtmf_.emplace(DtmfReceiver::Config{.clock_rate = config.audio->telephone_event_clock_rate});
    }
  }
  if (config.video) {
    H264Depacketizer::Listener* depacketizer_listener = this;
    depacketizer_.emplace(H264Depacketizer::Config{}, *depacketizer_listener);
    packetizer_.emplace(H264Packetizer::Config{.max_payload_size = config.video->max_payload_size,
                                               .mode = config.video->packetization_mode});
    video_builder_.SetPayloadType(config.video->h264_payload_type);
    video_seq_ = static_cast<uint16_t>(RandomU32());
    video_timestamp_offset_ = RandomU32();
  }
}

ParticipantMedia::~ParticipantMedia() = default;

// --- receive -------------------------------------------------------------------------

void ParticipantMedia::OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) {
  const Timestamp now = clock_->Now();
  if (kind == MediaKind::kAudio) {
    for (size_t i = 0; i < frame.packet_count; ++i) OnAudioPacket(frame.packet(i), now);
    return;
  }
  if (depacketizer_) depacketizer_->InsertFrame(frame);
}

void ParticipantMedia::OnAudioPacket(std::span<const uint8_t> bytes, Timestamp now) {
  auto packet = RtpPacketView::Parse(bytes);
  if (!packet || !config_.audio) return;
  if (packet->payload_type() == config_.audio->opus_payload_type) {
    const auto payload = packet->payload();
    if (payload.empty() || payload.size() > kMaxOpusPayload) return;  // the room's decoder counts errors
    const bool pushed = link_->audio_in.PushWith([&](AudioPacketSlot& slot) {
      std::copy(payload.begin(), payload.end(), slot.payload.begin());
      slot.size = static_cast<uint16_t>(payload.size());
      slot.rtp_timestamp = packet->timestamp();
    });
    if (!pushed) ++audio_in_overflows_;  // the room stalled; it resynchronizes on what follows
    return;
  }
  if (dtmf_ && packet->payload_type() == config_.audio->telephone_event_payload_type) {
    dtmf_->OnPacket(packet->timestamp(), packet->payload(), now);
    while (auto press = dtmf_->PopKeyPress()) {
      ++dtmf_keys_;
      observer_->OnParticipantDtmf(config_.id, press->key);
    }
  }
}

void ParticipantMedia::OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& access_unit) {
  if (!decoding_) return;
  // A decoder that starts mid-stream can only start at an IDR: anything before it refers
  // to pictures it never saw (libavcodec would call it invalid data). The keyframe was
  // asked for when decoding was switched on.
  if (!decoder_ && !access_unit.is_keyframe) return;
  if (!decoder_) {
    auto decoder = H264Decoder::Create(H264DecoderOptions{.source_id = config_.id});
    if (!decoder) {
      spdlog::error("room {}: point '{}': cannot create an H.264 decoder: {}", config_.room, config_.name,
                    decoder.error().message);
      decoding_ = false;
      return;
    }
    decoder_ = std::move(*decoder);
  }
  const TimeDelta pts = TimeDelta::Micros(int64_t{access_unit.rtp_timestamp} * 1000 / 90);
  const int64_t cpu_start = decode_cpu_us_ != nullptr ? ThreadCpuMicros() : 0;
  auto picture = decoder_->Decode(access_unit.annex_b, pts);
  if (decode_cpu_us_ != nullptr) decode_cpu_us_->Add(static_cast<uint64_t>(ThreadCpuMicros() - cpu_start));
  if (!picture) {
    ++decode_errors_;
    uint64_t suppressed = 0;
    if (decode_log_.Allow(&suppressed)) {
      spdlog::warn("room {}: point '{}': H.264 decode error: {} ({} more not logged)", config_.room, config_.name,
                   picture.error().message, suppressed);
    }
    transport_->RequestKeyframe(MediaKind::kVideo);
    return;
  }
  if (!*picture) {
    if (decoder_->keyframe_needed()) transport_->RequestKeyframe(MediaKind::kVideo);
    return;
  }
  ++frames_decoded_;
  width_ = (**picture)->width();
  height_ = (**picture)->height();
  link_->video_in.Publish(std::move(**picture));
}

void ParticipantMedia::OnPointKeyframeRequested(MediaKind kind) {
  if (kind != MediaKind::kVideo) return;
  ++keyframes_asked_by_point_;
  observer_->OnParticipantKeyframeRequested(config_.id);
}

void ParticipantMedia::OnPointBitrateLimit(MediaKind kind, DataRate limit) {
  if (kind == MediaKind::kVideo) limit_from_point_ = limit;
}

void ParticipantMedia::OnPointLossReport(MediaKind kind, int64_t cumulative_lost, int64_t highest_sequence) {
  if (kind == MediaKind::kAudio) {
    if (auto loss = audio_loss_.OnReport(cumulative_lost, highest_sequence, clock_->Now())) {
      link_->audio_loss_percent.store(static_cast<int>(*loss * 100 + 0.5), std::memory_order_relaxed);
    }
    return;
  }
  const DataRate before = send_rate_.tier();
  send_rate_.OnReport(cumulative_lost, highest_sequence, DataRate::BitsPerSec(static_cast<int64_t>(send_kbps_ * 1000)),
                      clock_->Now());
  const DataRate rate = send_rate_.rate();
  // Room for the view's keyframes and the audio above the rate, never above the budget.
  transport_->SetSendRate(rate >= send_rate_.max_rate()
                              ? rate
                              : DataRate::BitsPerSec(rate.bps() * 6 / 5 + 100'000));
  const DataRate tier = send_rate_.tier();
  if (tier == before) return;
  const bool limited = tier < send_rate_.max_rate();
  link_->send_tier_kbps.store(limited ? tier.kbps() : 0, std::memory_order_relaxed);
  if (limited) {
    spdlog::info("room {}: point '{}' loses {:.0f} % of its video: its view now at {} kbps", config_.room,
                 config_.name, send_rate_.last_loss() * 100, tier.kbps());
  } else {
    spdlog::info("room {}: point '{}' takes its video without loss again: its view back at the room's rate",
                 config_.room, config_.name);
  }
}

void ParticipantMedia::RequestKeyframe() { transport_->RequestKeyframe(MediaKind::kVideo); }

void ParticipantMedia::UpdateDecodeSwitch() {
  const bool wanted = link_->decode_video.load(std::memory_order_relaxed);
  if (wanted != decoding_) {
    decoding_ = wanted;
    if (decoding_) {
      // The decoder has missed everything since it was last used: start it at an IDR.
      transport_->RequestKeyframe(MediaKind::kVideo);
    } else {
      decoder_.reset();  // frees its pictures and DPB; a point shown again gets a new one
      link_->video_in.Clear();
    }
  }
  const int64_t kbps = link_->requested_kbps.load(std::memory_order_relaxed);
  transport_->SetRequestedRate(kbps > 0 ? std::optional(DataRate::KilobitsPerSec(kbps)) : std::nullopt);
}

// --- send ----------------------------------------------------------------------------

void ParticipantMedia::FlushOutbound() {
  if (config_.audio) {
    while (EncodedAudioSlot* slot = link_->audio_out.Front()) {
      SendAudio(*slot);
      link_->audio_out.Pop();
    }
  }
  if (config_.video) {
    if (link_->video_gap.exchange(false, std::memory_order_acq_rel)) video_waiting_for_keyframe_ = true;
    while (OutboundVideo* item = link_->video_out.Front()) {
      if (item->data) SendVideo(*item->data);
      link_->video_out.Pop();
    }
  } else {
    while (link_->video_out.Front()) link_->video_out.Pop();
  }
}

void ParticipantMedia::SendAudio(const EncodedAudioSlot& slot) {
  if (transport_->send_stream(MediaKind::kAudio) == nullptr) return;
  PacketBuffer buffer = pool_->Acquire();
  if (!buffer) {
    ++send_drops_;
    return;
  }
  audio_builder_.SetSsrc(transport_->send_stream(MediaKind::kAudio)->ssrc())
      .SetSequenceNumber(audio_seq_++)
      .SetTimestamp(audio_timestamp_offset_ + static_cast<uint32_t>(slot.tick * (kAudioClockHz / 50)))
      .SetMarker(false);
  auto size = audio_builder_.Write(std::span(slot.payload.data(), slot.size), buffer.storage());
  if (!size) {
    ++send_drops_;
    return;
  }
  buffer.set_size(*size);
  if (transport_->SendRtp(MediaKind::kAudio, std::move(buffer))) {
    ++packets_sent_;
    bytes_sent_ += *size;
  } else {
    ++send_drops_;
  }
}

void ParticipantMedia::SendVideo(const EncodedVideoData& data) {
  const RtpSendStream* stream = transport_->send_stream(MediaKind::kVideo);
  if (stream == nullptr) return;
  if (video_waiting_for_keyframe_) {
    if (!data.keyframe) return;  // the room asked the view for an IDR when the gap happened
    video_waiting_for_keyframe_ = false;
  }
  const uint32_t rtp_timestamp =
      video_timestamp_offset_ + static_cast<uint32_t>(data.capture_time.us() * kVideoClockHz / 1'000'000);
  if (!packetizer_->SetAccessUnit(data.annex_b, rtp_timestamp)) return;
  video_builder_.SetSsrc(stream->ssrc());
  while (packetizer_->HasNext()) {
    PacketBuffer buffer = pool_->Acquire();
    if (!buffer) {
      ++send_drops_;
      video_waiting_for_keyframe_ = true;
      observer_->OnParticipantKeyframeRequested(config_.id);
      return;
    }
    video_builder_.SetSequenceNumber(video_seq_++);
    auto size = packetizer_->NextPacket(video_builder_, buffer.storage());
    if (!size) {
      ++send_drops_;
      return;
    }
    buffer.set_size(*size);
    if (transport_->SendRtp(MediaKind::kVideo, std::move(buffer))) {
      ++packets_sent_;
      bytes_sent_ += *size;
    } else {
      ++send_drops_;
    }
  }
}

// --- housekeeping --------------------------------------------------------------------

void ParticipantMedia::Process() {
  const Timestamp now = clock_->Now();
  UpdateDecodeSwitch();
  FlushOutbound();
  if (now >= transport_->NextProcessTime(now)) transport_->Process();
  if (dtmf_) {
    dtmf_->Poll(now);
    while (auto press = dtmf_->PopKeyPress()) {
      ++dtmf_keys_;
      observer_->OnParticipantDtmf(config_.id, press->key);
    }
  }
  CheckMediaTimeout(now);
  if (now >= next_stats_) {
    PublishStats(now);
    next_stats_ = now + kStatsInterval;
  }
}

void ParticipantMedia::CheckMediaTimeout(Timestamp now) {
  uint64_t packets = 0;
  for (MediaKind kind : {MediaKind::kAudio, MediaKind::kVideo}) {
    if (const MediaTransport* t = transport_->transport(kind)) packets += t->stats().rtp_packets;
  }
  if (packets != last_packet_count_) {
    last_packet_count_ = packets;
    last_media_time_ = now;
    if (timed_out_) {
      timed_out_ = false;
      spdlog::info("room {}: point '{}': media resumed", config_.room, config_.name);
      observer_->OnParticipantMediaResumed(config_.id);
    }
    return;
  }
  if (!timed_out_ && now - last_media_time_ >= config_.media_timeout) {
    timed_out_ = true;
    spdlog::warn("room {}: point '{}': no RTP for {} s", config_.room, config_.name,
                 (now - last_media_time_).ms() / 1000);
    observer_->OnParticipantMediaTimeout(config_.id);
  }
}

void ParticipantMedia::PublishStats(Timestamp now) {
  ParticipantMediaStats s;
  double video_kbps = -1;  // -1: no video from this point
  uint64_t lost = 0;
  int64_t expected = 0;
  for (MediaKind kind : {MediaKind::kAudio, MediaKind::kVideo}) {
    const MediaTransport* t = transport_->transport(kind);
    if (t == nullptr) continue;
    const uint64_t packets = t->stats().rtp_packets;
    (kind == MediaKind::kAudio ? s.audio_packets_received : s.video_packets_received) = packets;
    s.bytes_received += t->stats().rtp_bytes;
    s.policer_dropped += t->drop_count(DropReason::kPoliced);
    s.srtp_failures += t->drop_count(DropReason::kAuthFailed) + t->drop_count(DropReason::kReplayed);
    s.other_drops += t->total_drops() - t->drop_count(DropReason::kPoliced) -
                     t->drop_count(DropReason::kAuthFailed) - t->drop_count(DropReason::kReplayed);
    const RtpReceiveStream* receive = transport_->receive_stream(kind);
    AccumulateLoss(receive, &lost, &expected);
    if (receive != nullptr && receive->statistics() != nullptr) {
      const double kbps = receive->statistics()->bitrate(now).kbps();
      s.receive_kbps += kbps;
      if (kind == MediaKind::kVideo) video_kbps = kbps;
      if (kind == MediaKind::kAudio) s.jitter_ms = receive->statistics()->jitter() / (kAudioClockHz / 1000.0);
      if (kind == MediaKind::kVideo) s.keyframes_requested = receive->stats().keyframe_requests_sent;
    }
    if (auto rtt = transport_->rtt(kind)) s.rtt_ms = std::max(s.rtt_ms, rtt->us() / 1000.0);
  }
  s.packets_lost = lost;
  s.loss_percent = expected > 0 ? 100.0 * static_cast<double>(lost) / static_cast<double>(expected) : 0;
  const double window = std::max(1e-3, (now - stats_window_start_).seconds());
  frame_rate_ = static_cast<double>(frames_decoded_ - frames_at_window_start_) / window;
  send_kbps_ = static_cast<double>(bytes_sent_ - bytes_sent_at_window_start_) * 8 / 1000 / window;
  stats_window_start_ = now;
  frames_at_window_start_ = frames_decoded_;
  bytes_sent_at_window_start_ = bytes_sent_;
  packets_sent_at_window_start_ = packets_sent_;
  s.width = width_;
  s.height = height_;
  s.frame_rate = decoding_ ? frame_rate_ : 0;
  s.frames_decoded = frames_decoded_;
  s.decode_errors = decode_errors_;
  if (depacketizer_) s.broken_frames = static_cast<uint64_t>(depacketizer_->stats().broken_access_units);
  s.packets_sent = packets_sent_;
  s.send_kbps = send_kbps_;
  s.send_drops = send_drops_ + transport_->pacer().stats().dropped_packets;
  s.keyframes_asked_by_point = keyframes_asked_by_point_;
  s.requested_kbps = transport_->policer().announced_rate().kbps();
  s.limit_kbps_from_point = limit_from_point_.kbps();
  s.dtmf_keys = dtmf_keys_;
  s.seconds_since_media = (now - last_media_time_).seconds();
  link_->set_stats(s);
  if (metrics_) metrics_->Publish(*transport_);
  if (video_kbps >= 0) {
    const int64_t requested = link_->requested_kbps.load(std::memory_order_relaxed);
    if (auto ask = rate_fallback_.OnSecond(requested, video_kbps)) {
      if (*ask > 0) {
        spdlog::info("room {}: point '{}' sends {:.0f} kbps of video where TMMBR/REMB asked for {}: asking "
                     "again in a re-INVITE (b=TIAS)", config_.room, config_.name, video_kbps, *ask);
      } else {
        spdlog::info("room {}: point '{}' is shown large again: lifting the re-INVITE's rate limit", config_.room,
                     config_.name);
      }
      observer_->OnParticipantBandwidthWanted(config_.id, *ask);
    }
  }
}

}  // namespace softmcu
