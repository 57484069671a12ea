#pragma once
// The outbound pacer of one bridge point: keeps what the MCU sends to the point at or
// under the point's budget (DESIGN.md "Policing"), smoothing an encoder's keyframe burst
// over a few frame intervals instead of dumping it into the point's 2–4 Mbps link, where
// a shaper would drop it. Audio goes before video and is never held behind a keyframe.
//
// Packets are moved in as pooled PacketBuffers (already SRTP-protected) and handed to the
// send callback in order; queues are fixed-capacity rings, so nothing is allocated.
// Not thread-safe: it lives on the point's event-loop thread; the owner arms a timer for
// NextSendTime().

#include <cstdint>
#include <optional>

#include "core/packet_buffer_pool.h"
#include "core/ring_buffer.h"
#include "core/units.h"
#include "transport/media_kind.h"
#include "transport/policer/token_bucket.h"

namespace softmcu {

struct PacerConfig {
  DataRate rate = DataRate::KilobitsPerSec(4000);
  // Largest burst on the wire: a few packets, so short frames leave at once.
  DataSize max_burst = DataSize::Bytes(6000);
  size_t audio_queue_packets = 64;
  size_t video_queue_packets = 1024;  // ≈ 1.2 MB: two 720p keyframes at 4 Mbps
};

struct PacerStats {
  uint64_t sent_packets = 0;
  uint64_t sent_bytes = 0;
  uint64_t dropped_packets = 0;  // queue full
  TimeDelta max_queue_delay;
};

class Pacer {
 public:
  Pacer(const PacerConfig& config, Timestamp now);

  // Queues a packet; false (and counted) if that kind's queue is full.
  bool Enqueue(PacketBuffer packet, MediaKind kind, Timestamp now);

  // Sends everything the budget allows at `now`: `send(PacketBuffer&&, MediaKind)`.
  template <typename SendFn>
  void Process(Timestamp now, SendFn&& send) {
    while (true) {
      RingBuffer<Queued>* queue = !audio_.empty() ? &audio_ : !video_.empty() ? &video_ : nullptr;
      if (queue == nullptr || bucket_.Available(now) <= DataSize::Bytes(0)) return;
      Queued q = queue->Pop();
      const auto size = DataSize::Bytes(static_cast<int64_t>(q.packet.size()));
      bucket_.ForceConsume(size, now);
      queued_bytes_ -= static_cast<int64_t>(q.packet.size());
      ++stats_.sent_packets;
      stats_.sent_bytes += q.packet.size();
      if (now - q.enqueued > stats_.max_queue_delay) stats_.max_queue_delay = now - q.enqueued;
      send(std::move(q.packet), queue == &audio_ ? MediaKind::kAudio : MediaKind::kVideo);
    }
  }

  // When Process() can next send something, or nullopt if the queues are empty.
  std::optional<Timestamp> NextSendTime(Timestamp now) const;

  // How long a packet queued now would wait before it leaves: what is queued ahead of it
  // at the pacer's rate, less the credit in hand. Zero when the queues are empty.
  TimeDelta QueueDelay(Timestamp now) const;

  void SetRate(DataRate rate, Timestamp now);
  size_t queued_packets() const { return audio_.size() + video_.size(); }
  const PacerStats& stats() const { return stats_; }

 private:
  struct Queued {
    PacketBuffer packet;
    Timestamp enqueued;
  };

  PacerConfig config_;
  TokenBucket bucket_;
  RingBuffer<Queued> audio_;
  RingBuffer<Queued> video_;
  int64_t queued_bytes_ = 0;
  PacerStats stats_;
};

}  // namespace softmcu
