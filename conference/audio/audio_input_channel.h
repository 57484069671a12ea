#pragma once
// One participant's audio as its room's 20 ms tick consumes it: Opus payloads arrive from
// the participant's worker (already reordered and paced by its jitter buffer) and leave as
// one AudioFrame per tick, through loss (FEC from the next packet, else concealment).
//
// The worker's playout and the room's tick run on the same monotonic clock but at
// different phases, so at a tick there are sometimes 1 and sometimes 2 packets waiting.
// The channel starts once kStartDepth packets have queued and then consumes exactly one
// 20 ms frame per tick; an empty queue is an underrun (concealed), a queue deeper than
// kMaxDepth is latency creeping in (the excess is dropped and counted, and play goes on
// from the oldest packet kept).
//
// Decoding only what is heard: with `decode` false the channel keeps its timing (packets
// are consumed and dropped) but spends no decoder time; the first ticks after decoding
// resumes may sound rough while libopus rebuilds its state.
//
// Room thread only. Nothing is allocated after construction.

#include <cstdint>
#include <optional>

#include "conference/media/media_slots.h"
#include "core/spsc_queue.h"
#include "media/audio/audio_frame.h"
#include "media/audio/opus_decoder.h"

namespace softmcu {

class AudioInputChannel {
 public:
  static constexpr size_t kStartDepth = 2;
  static constexpr size_t kMaxDepth = 5;  // 100 ms
  // A gap this long (in frames) is a sender restart or a long outage: resynchronize.
  static constexpr uint32_t kResyncFrames = 25;

  struct Stats {
    uint64_t ticks = 0;
    uint64_t decoded = 0;
    uint64_t concealed = 0;     // PLC frames (loss or underrun)
    uint64_t fec = 0;           // recovered from the next packet
    uint64_t underruns = 0;     // nothing queued at the tick
    uint64_t late = 0;          // a packet older than the frame due: dropped
    uint64_t latency_drops = 0; // queue deeper than kMaxDepth
    uint64_t resyncs = 0;
  };

  // The frame of this tick, or nullptr when the channel has not started or `decode` is
  // false. Valid until the next Tick().
  const AudioFrame* Tick(SpscQueue<AudioPacketSlot>& queue, bool decode);

  // A new call's stream: wait for kStartDepth packets again. (The decoder's state is
  // stale for a few frames; libopus recovers on its own.)
  void Reset() {
    started_ = false;
    pending_samples_ = 0;
  }

  bool started() const { return started_; }
  const Stats& stats() const { return stats_; }

 private:
  static constexpr uint32_t kFrameSamples = AudioFrame::kSamples;

  // The packet at the front, if its timestamp is `ts`.
  static const AudioPacketSlot* FrontIf(SpscQueue<AudioPacketSlot>& queue, uint32_t ts);

  OpusDecoder decoder_;
  AudioFrame frame_;
  bool started_ = false;
  uint32_t expected_ts_ = 0;     // RTP timestamp of the next packet due
  uint32_t pending_samples_ = 0; // of a packet longer than 20 ms, still to be played
  Stats stats_;
};

}  // namespace softmcu
