#include "transport/policer/pacer.h"

namespace softmcu {

Pacer::Pacer(const PacerConfig& config, Timestamp now)
    : config_(config),
      bucket_(config.rate, config.max_burst, now),
      audio_(config.audio_queue_packets),
      video_(config.video_queue_packets) {}

bool Pacer::Enqueue(PacketBuffer packet, MediaKind kind, Timestamp now) {
  auto& queue = kind == MediaKind::kAudio ? audio_ : video_;
  const auto size = static_cast<int64_t>(packet.size());
  if (!queue.Push(Queued{std::move(packet), now})) {
    ++stats_.dropped_packets;
    return false;
  }
  queued_bytes_ += size;
  return true;
}

std::optional<Timestamp> Pacer::NextSendTime(Timestamp now) const {
  if (audio_.empty() && video_.empty()) return std::nullopt;
  // Process() sends while the bucket is positive, so one byte of credit is enough.
  return bucket_.TimeWhenAvailable(DataSize::Bytes(1), now);
}

TimeDelta Pacer::QueueDelay(Timestamp now) const {
  if (queued_bytes_ == 0) return TimeDelta::Zero();
  return bucket_.TimeWhenAvailable(DataSize::Bytes(queued_bytes_), now) - now;
}

void Pacer::SetRate(DataRate rate, Timestamp now) {
  config_.rate = rate;
  bucket_.SetRate(rate, config_.max_burst, now);
}

}  // namespace softmcu
