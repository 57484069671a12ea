#pragma once
// Receive-side reordering, frame assembly and de-jittering for one RTP stream.
//
// Packets are copied once into slots preallocated at construction (capacity × max
// packet size): they must outlive the pooled receive buffer (CONVENTIONS.md §11). A slot
// is chosen by unwrapped sequence number modulo the capacity, so the buffer covers a
// window of `capacity` sequence numbers starting at the next one to hand out.
//
// Frames:
//   * audio: every packet is a frame.
//   * video: the packets from a frame start to the packet with the marker bit, all with
//     the same RTP timestamp (or, if the sender sets no marker, up to the packet before
//     the timestamp changes). A frame starts after the previous frame's last packet.
//     It is complete when no sequence number is missing in it.
//
// Output is in sequence order. A frame whose predecessor is incomplete is held until the
// gap fills or its hold deadline passes; then everything before it is declared lost and
// the frame comes out with lost_frames_before > 0, so the consumer requests a keyframe
// (video) or runs packet loss concealment (audio).
//
// Release time:
//   * video, ReleasePolicy::kLowDelay (default): a complete frame whose predecessors are
//     out is released at once. An MCU re-encodes or forwards, so adding delay here only
//     adds latency; the decoder/renderer smooths playout. A frame held behind a gap waits
//     until its nominal arrival + min(max_delay, target_delay + rtt): one retransmission.
//   * audio, and video with kPaced: at the playout time nominal arrival + target_delay.
//   The nominal arrival of RTP timestamp ts is ts (in seconds) + the smallest transit
//   (arrival - ts) seen over the last 2–4 s, i.e. when the packet would have arrived on
//   the fastest path. The target delay follows jitter_multiplier × the interarrival jitter
//   (RFC 3550 A.8 form, in microseconds), going up at once and down slowly, clamped to
//   [min_delay, max_delay].
//
// When a packet falls beyond the window (the buffer is full), the oldest frames are
// dropped to make room: counted as lost, and reported on the next frame out.
//
// Nothing is allocated after construction. Pure state machine: time comes in; the owner
// calls PopFrame() after each insert and when its timer for NextDeadline() fires.
// One event-loop thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/units.h"
#include "transport/rtp/rtp_packet_view.h"
#include "transport/rtp/sequence_unwrapper.h"

namespace softmcu {

class JitterBuffer;

// A frame handed out by JitterBuffer::PopFrame(). Its packets are read from the buffer's
// slots: valid until the next InsertPacket() or PopFrame() on that buffer.
struct JitterBufferFrame {
  uint32_t rtp_timestamp = 0;
  uint16_t first_seq = 0;
  uint16_t last_seq = 0;
  size_t packet_count = 0;
  bool marker = false;          // marker bit of the last packet
  Timestamp first_arrival;      // earliest arrival of its packets
  Timestamp complete_time;      // arrival of the packet that completed it
  int lost_frames_before = 0;   // frames declared lost just before this one (at least)
  int lost_packets_before = 0;  // sequence numbers skipped without ever arriving

  // The i-th packet (whole RTP packet), i < packet_count.
  std::span<const uint8_t> packet(size_t i) const;

 private:
  friend class JitterBuffer;
  const JitterBuffer* owner_ = nullptr;
  int64_t first_unwrapped_ = 0;
};

class JitterBuffer {
 public:
  enum class Mode { kVideo, kAudio };
  enum class ReleasePolicy { kLowDelay, kPaced };  // video only; audio is always paced

  struct Config {
    Mode mode = Mode::kVideo;
    ReleasePolicy release = ReleasePolicy::kLowDelay;
    int clock_rate_hz = 90000;
    size_t capacity = 512;  // packets
    size_t max_packet_size = 1500;
    TimeDelta min_delay = TimeDelta::Zero();
    TimeDelta max_delay = TimeDelta::Millis(200);
    double jitter_multiplier = 4.0;
    TimeDelta default_rtt = TimeDelta::Millis(100);  // until SetRtt()

    static Config Video() { return Config{}; }
    static Config Audio(int clock_rate_hz = 48000) {
      Config c;
      c.mode = Mode::kAudio;
      c.release = ReleasePolicy::kPaced;
      c.clock_rate_hz = clock_rate_hz;
      c.capacity = 64;
      c.min_delay = TimeDelta::Millis(20);
      c.max_delay = TimeDelta::Millis(100);
      return c;
    }
  };

  enum class InsertResult {
    kInserted,
    kInsertedDroppingOldest,  // inserted after dropping the oldest frames to make room
    kDuplicate,               // already buffered
    kTooOld,                  // its frame was handed out or declared lost already (late)
    kTooLarge,                // bigger than max_packet_size
  };

  struct Stats {
    int64_t packets = 0;  // inserted
    int64_t duplicates = 0;
    int64_t reordered = 0;  // inserted behind a newer packet
    int64_t late = 0;       // kTooOld
    int64_t too_large = 0;
    int64_t frames_out = 0;
    int64_t frames_lost = 0;     // declared lost, overflow drops included
    int64_t overflow_drops = 0;  // times the oldest frames were dropped for room
  };

  explicit JitterBuffer(Config config);
  JitterBuffer(const JitterBuffer&) = delete;
  JitterBuffer& operator=(const JitterBuffer&) = delete;

  InsertResult InsertPacket(const RtpPacketView& packet, Timestamp arrival);

  // Hands out the next frame if it is due at `now`. False if none is.
  bool PopFrame(Timestamp now, JitterBufferFrame* out);

  // When PopFrame() will next have a frame without further input (possibly already
  // past); nullopt if only new packets can produce one.
  std::optional<Timestamp> NextDeadline() const;

  void SetRtt(TimeDelta rtt) { rtt_ = rtt; }
  // Forgets every packet, e.g. when ReceiveStatistics re-synchronized after the sender
  // restarted its sequence numbers. The target delay is kept.
  void Reset();
  TimeDelta target_delay() const { return TimeDelta::Micros(target_delay_us_); }
  size_t buffered_packets() const { return buffered_; }
  const Stats& stats() const { return stats_; }

 private:
  friend struct JitterBufferFrame;

  struct Slot {
    bool used = false;
    bool marker = false;
    uint16_t size = 0;
    int64_t seq = 0;  // unwrapped
    int64_t ts = 0;   // unwrapped, relative to the first packet's
    uint32_t rtp_timestamp = 0;
    Timestamp arrival;
  };
  struct Candidate {
    int64_t first;
    int64_t last;
    Timestamp release;
  };
  struct Dropped {
    int frames = 0;
    int missing = 0;
  };

  size_t IndexOf(int64_t seq) const;
  const Slot& SlotAt(int64_t seq) const { return slots_[IndexOf(seq)]; }
  bool Present(int64_t seq) const;
  std::span<const uint8_t> DataAt(int64_t seq) const;
  std::optional<int64_t> CompleteFrameFrom(int64_t first) const;
  bool IsKnownFrameStart(int64_t seq) const;
  Timestamp CompleteTime(int64_t first, int64_t last) const;
  int64_t NominalUs(int64_t ts) const;
  Timestamp NominalArrival(const Slot& slot) const;
  std::optional<Candidate> FindCandidate() const;
  Dropped DropRange(int64_t end);
  void UpdateDelay(const Slot& slot, bool in_order);

  const Config config_;
  std::unique_ptr<uint8_t[]> slab_;  // capacity × max_packet_size
  std::vector<Slot> slots_;

  SequenceNumberUnwrapper seq_unwrapper_;
  RtpTimestampUnwrapper ts_unwrapper_;
  bool started_ = false;
  bool output_started_ = false;  // once a frame is out or dropped, next_seq_ never goes back
  bool start_known_ = true;      // next_seq_ is known to begin a frame
  int64_t next_seq_ = 0;         // first sequence number not yet handed out or dropped
  int64_t highest_ = 0;
  int64_t ts_origin_ = 0;
  size_t buffered_ = 0;
  Dropped pending_loss_;  // dropped for room, reported with the next frame

  // Delay estimation.
  TimeDelta rtt_;
  bool transit_window_started_ = false;
  Timestamp transit_window_start_;
  int64_t min_transit_current_us_ = 0;
  int64_t min_transit_previous_us_ = 0;
  bool has_transit_ = false;
  int64_t last_transit_us_ = 0;
  int64_t last_jitter_ts_ = 0;
  double jitter_us_ = 0;
  int64_t target_delay_us_ = 0;

  Stats stats_;
};

}  // namespace softmcu
