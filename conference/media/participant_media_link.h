#pragma once
// What a participant's worker thread and its room's thread share: the queues media
// crosses on, the latest decoded picture, a few flags the room sets, and the statistics
// snapshot. Held by shared_ptr by both sides, so either may go first.
//
//   worker → room  audio_in       Opus payloads at their playout time (SPSC)
//                  video_in       newest decoded picture (LatestVideoFrame)
//   room → worker  audio_out      encoded mix (SPSC), then a Post to flush
//                  video_out      encoded view pictures (SPSC), then a Post to flush
//                  decode_video   decode its video at all (it is seen somewhere)
//                  requested_kbps ask it for this much (resolution adaptation), 0 = budget
//   worker → room  send_tier_kbps the view rate its line takes (SendRateController), 0 = any
//                  audio_loss_percent  the loss it reports on our audio (the mix encoder's FEC)
// Everything here is lock-free except the picture hand-over (one lock per decoded frame)
// and the statistics snapshot (once a second).

#include <atomic>
#include <mutex>

#include "conference/media/latest_video_frame.h"
#include "conference/media/media_slots.h"
#include "conference/media/participant_media_stats.h"
#include "core/spsc_queue.h"

namespace softmcu {

class ParticipantMediaLink {
 public:
  // 32 x 20 ms: more than the room ever lets build up (it drops beyond 100 ms).
  static constexpr size_t kAudioInCapacity = 32;
  static constexpr size_t kAudioOutCapacity = 8;
  // A worker more than a few pictures behind is stalled: dropping and asking the view for
  // a keyframe beats queueing latency.
  static constexpr size_t kVideoOutCapacity = 6;

  SpscQueue<AudioPacketSlot> audio_in{kAudioInCapacity};
  SpscQueue<EncodedAudioSlot> audio_out{kAudioOutCapacity};
  SpscQueue<OutboundVideo> video_out{kVideoOutCapacity};
  LatestVideoFrame video_in;

  std::atomic<bool> decode_video{false};
  std::atomic<int64_t> requested_kbps{0};
  // Its line loses what we send at our rate: the room gives it a view encoded at this rate.
  std::atomic<int64_t> send_tier_kbps{0};
  // Loss it reports on the mix we send it, over the last second (%): the room's encoder of
  // that mix spends in-band FEC on it.
  std::atomic<int> audio_loss_percent{0};
  // Set by the room when it had to drop a picture for this receiver; the worker then
  // withholds pictures until a keyframe (sending P-frames after a gap only smears).
  std::atomic<bool> video_gap{false};

  ParticipantMediaStats stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
  }
  void set_stats(const ParticipantMediaStats& stats) {
    std::lock_guard lock(stats_mutex_);
    stats_ = stats;
  }

 private:
  mutable std::mutex stats_mutex_;
  ParticipantMediaStats stats_;
};

}  // namespace softmcu
