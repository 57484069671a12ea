#pragma once
// Decodes one incoming Opus stream (RFC 7587) into 20 ms AudioFrames: 48 kHz mono
// whatever the sender used (libopus downmixes a stereo stream when created with one
// channel, RFC 7587 §3.4 lets a receiver do that). One decoder per input stream: it
// carries the stream's prediction and concealment state.
//
// Driven by a jitter buffer once per 20 ms tick through NextFrame(): the packet due now
// (if it arrived) and the one after it (if already there). Exactly one frame comes out
// per tick, so the output keeps its cadence through loss:
//
//   * samples still queued from a 40/60/120 ms packet        → those (kDecoded)
//   * the packet due now                                     → decoded (kDecoded)
//   * lost, the next packet carries in-band FEC (SILK LBRR)  → recovered (kFec)
//   * lost otherwise, or the packet is malformed             → concealed (kPlc, frame.plc)
//
// Packets are validated by OpusPayload::Parse before libopus sees them. A packet longer
// than 20 ms leaves its remaining samples in a bounded internal queue (up to 120 ms plus
// one frame); a packet shorter than 20 ms is completed by concealment if nothing follows.
// Nothing is allocated after construction. Not thread-safe: owned by one media thread.
//
// The libopus type of the same name is the global ::OpusDecoder; this is softmcu::OpusDecoder.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/audio/audio_frame.h"
#include "media/audio/opus_payload.h"

struct OpusDecoder;  // libopus

namespace softmcu {

class OpusDecoder {
 public:
  // One received payload and its RTP timestamp (48 kHz, RFC 7587 §4.1).
  struct Packet {
    std::span<const uint8_t> payload;
    uint32_t rtp_timestamp = 0;
  };

  enum class FrameSource { kDecoded, kFec, kPlc };

  struct Stats {
    int64_t decoded = 0;        // packets decoded
    int64_t plc = 0;            // frames (or partial frames) concealed
    int64_t fec_recovered = 0;  // frames recovered from the next packet's in-band FEC
    int64_t errors = 0;         // packets rejected by the parser or the decoder
    int64_t overflows = 0;      // packets dropped because the sample queue was full
  };

  // Samples the queue can hold: the largest packet plus the part of a frame already queued.
  static constexpr size_t kQueueCapacity = OpusPayload::kMaxSamples + AudioFrame::kSamples;

  OpusDecoder();
  ~OpusDecoder();
  OpusDecoder(const OpusDecoder&) = delete;
  OpusDecoder& operator=(const OpusDecoder&) = delete;

  // The per-tick interface: fills *out with exactly one 20 ms frame.
  FrameSource NextFrame(const std::optional<Packet>& current, const std::optional<Packet>& next,
                        AudioFrame* out);
  AudioFrame NextFrame(const std::optional<Packet>& current, const std::optional<Packet>& next) {
    AudioFrame frame;
    NextFrame(current, next, &frame);
    return frame;
  }

  // Lower-level steps NextFrame() is made of, for callers that manage loss themselves.
  //
  // Decodes `packet` into the queue and, if 20 ms are then queued, pops one frame into
  // *out. False if no frame came out: the packet was rejected (counted in errors or
  // overflows) or it was shorter than 20 ms (its samples stay queued).
  bool Decode(const Packet& packet, AudioFrame* out);
  // Conceals one lost 20 ms frame (opus_decode with no data); tops up a partial queue.
  void DecodeLost(AudioFrame* out);
  // Packet N is lost and `next` (N+1) has arrived: recovers N's last 20 ms from `next`'s
  // in-band FEC (opus_decode with decode_fec=1). Falls back to DecodeLost() and returns
  // false if `next` carries no usable FEC. `next` must still be passed to Decode() after.
  bool DecodeFec(const Packet& next, AudioFrame* out);

  size_t queued_samples() const { return queued_; }
  const Stats& stats() const { return stats_; }

 private:
  struct Deleter {
    void operator()(::OpusDecoder* decoder) const;
  };

  // Decodes into the queue tail; false if rejected.
  bool Enqueue(const Packet& packet);
  // Conceals `samples` (a multiple of 2.5 ms) into the queue tail.
  void EnqueueConcealment(size_t samples);
  void PopFrame(AudioFrame* out);
  bool CanUseFec(const OpusPayload& next) const;

  const std::unique_ptr<::OpusDecoder, Deleter> decoder_;
  std::array<int16_t, kQueueCapacity> queue_{};
  size_t queued_ = 0;
  uint32_t queue_timestamp_ = 0;  // RTP timestamp of queue_[0]
  uint32_t next_timestamp_ = 0;   // RTP timestamp the next frame out should carry
  // The decoder refuses FEC right after CELT-only audio (no SILK state to recover into).
  bool last_was_celt_ = false;
  Stats stats_;
};

}  // namespace softmcu
