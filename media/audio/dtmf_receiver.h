#pragma once
// Turns one stream of RFC 4733 telephone-event packets into DTMF key presses, one per
// press however many packets describe it.
//
//   * The RTP timestamp identifies a press (§2.5.1.2): every update, retransmission and
//     the three redundant end packets (§2.5.1.4) carry it, so they make ONE press.
//   * The press is emitted on its first E=1 packet. Packets with the timestamp of the
//     last emitted press, or older, are dropped as duplicates or late.
//   * If every end packet is lost, the press is emitted when a packet with a newer
//     timestamp starts another event, or when no packet has come for `end_timeout`
//     (Poll()); its duration is the longest one reported.
//   * Long events (§2.5.1.3): a packet of the same event whose timestamp is its
//     predecessor's plus ~0xFFFF continues the press as a new segment; a duration field
//     that wraps back below half its range within one timestamp is counted on, not back.
//   * Events above 15 (§3.2: not DTMF) are ignored and counted.
//
// Presses wait in a small fixed queue for PopKeyPress(). Pure state machine: time comes
// in through OnPacket() and Poll(); no allocation. One thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/units.h"

namespace softmcu {

enum class DtmfEnd {
  kEndPacket,  // an E=1 packet arrived
  kNextEvent,  // end packets lost; a newer event started
  kTimeout,    // end packets lost; nothing arrived for end_timeout
};

struct KeyPress {
  char key = '\0';  // '0'–'9', '*', '#', 'A'–'D'
  TimeDelta duration;
  uint32_t rtp_timestamp = 0;  // the event's (first segment's) timestamp
  DtmfEnd end = DtmfEnd::kEndPacket;
};

class DtmfReceiver {
 public:
  struct Config {
    // The telephone-event clock from SDP (a=rtpmap:... telephone-event/8000 or /48000).
    int clock_rate = 8000;
    // Senders update every 50 ms or so (§2.5.1.2); this much silence means the end was lost.
    TimeDelta end_timeout = TimeDelta::Millis(400);
  };

  struct Stats {
    int64_t packets = 0;
    int64_t malformed = 0;
    int64_t not_dtmf = 0;    // event codes above 15
    int64_t duplicates = 0;  // packets of a press already emitted
    int64_t late = 0;        // packets older than the current or last press
    int64_t presses = 0;
    int64_t ended_by_timeout = 0;
    int64_t ended_by_next_event = 0;
    int64_t queue_overflows = 0;  // presses dropped because nobody popped them
  };

  static constexpr size_t kQueueSize = 16;

  DtmfReceiver() : DtmfReceiver(Config{}) {}
  explicit DtmfReceiver(const Config& config);

  void OnPacket(uint32_t rtp_timestamp, std::span<const uint8_t> payload, Timestamp now);
  // Ends a press whose end packets were all lost once end_timeout has passed.
  void Poll(Timestamp now);

  std::optional<KeyPress> PopKeyPress();

  bool in_event() const { return active_; }
  const Stats& stats() const { return stats_; }

 private:
  void StartEvent(uint32_t rtp_timestamp, uint8_t event, uint16_t duration, Timestamp now);
  void UpdateDuration(uint16_t duration);
  void Emit(DtmfEnd end);

  const Config config_;
  // The press in progress.
  bool active_ = false;
  uint8_t event_ = 0;
  uint32_t first_timestamp_ = 0;    // first segment: identifies the press to the caller
  uint32_t segment_timestamp_ = 0;  // current segment's timestamp
  uint16_t duration_ = 0;           // longest duration reported in this segment
  uint64_t earlier_ticks_ = 0;      // previous segments and duration wraps
  bool wrapped_ = false;            // the duration field wrapped in this segment
  Timestamp last_packet_;
  // The last press emitted: its packets, and anything older, are no longer news.
  bool have_last_ = false;
  uint32_t last_timestamp_ = 0;

  std::array<KeyPress, kQueueSize> queue_{};
  size_t queue_head_ = 0;
  size_t queue_size_ = 0;
  Stats stats_;
};

}  // namespace softmcu
