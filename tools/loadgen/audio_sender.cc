#include "tools/loadgen/audio_sender.h"

#include <algorithm>

namespace softmcu::loadgen {
namespace {
constexpr int kMaxCatchUp = 5;  // packets sent at once after a stall, then skip ahead
constexpr int kMarkerStagger = 7;
}  // namespace

AudioSender::AudioSender(const Config& config, LoopResources* loop, SendLog* log, Timestamp start)
    : config_(config),
      loop_(loop),
      log_(log),
      rtp_timestamp_(config.first_rtp_timestamp),
      rtp_sequence_(config.first_sequence_number),
      next_(start) {
  builder_.SetPayloadType(config.payload_type).SetSsrc(config.ssrc);
}

Timestamp AudioSender::SendDue(Timestamp now, PointTransport& transport) {
  for (int sent = 0; next_ <= now; ++sent) {
    if (sent == kMaxCatchUp) {
      const int64_t missed = (now - next_).us() / kFrame.us() + 1;
      stats_.late_packets += static_cast<uint64_t>(missed);
      next_ += kFrame * missed;
      rtp_timestamp_ += static_cast<uint32_t>(960 * missed);  // the gap shows as a gap
      break;
    }
    SendPacket(now, transport);
    next_ += kFrame;
  }
  return next_;
}

void AudioSender::SendPacket(Timestamp now, PointTransport& transport) {
  const AudioMaterial& material = *loop_->audio;
  const int period = config_.marker_period_frames;
  if (period > 0 && config_.endpoint_id < material.marker_ids() &&
      static_cast<int64_t>(frame_ % static_cast<uint64_t>(period)) ==
          (static_cast<int64_t>(config_.endpoint_id) * kMarkerStagger) % period) {
    marker_packet_ = 0;
  }
  std::span<const uint8_t> payload = marker_packet_ >= 0 ? material.marker(config_.endpoint_id, marker_packet_)
                                                         : material.background(frame_);
  if (marker_packet_ == 0) {
    log_->RecordMarker(now);
    ++stats_.markers;
  }
  if (marker_packet_ >= 0 && ++marker_packet_ == AudioMaterial::kMarkerPackets) marker_packet_ = -1;
  ++frame_;

  PacketBuffer packet = loop_->pool.Acquire();
  builder_.SetSequenceNumber(rtp_sequence_++).SetTimestamp(rtp_timestamp_);
  rtp_timestamp_ += 960;
  if (!packet) {
    ++stats_.packets_dropped;
    return;
  }
  auto size = builder_.Write(payload, packet.storage());
  if (!size) {
    ++stats_.packets_dropped;
    return;
  }
  packet.set_size(*size);
  if (transport.SendRtp(MediaKind::kAudio, std::move(packet))) {
    ++stats_.packets;
    stats_.bytes += payload.size();
  } else {
    ++stats_.packets_dropped;
  }
}

}  // namespace softmcu::loadgen
