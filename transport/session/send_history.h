#pragma once
// The last N RTP packets we SENT on one stream, kept for NACK retransmission
// (RFC 4585 §6.2.1). Each packet is copied once into a slab allocated at construction
// (capacity × slot_size bytes); nothing is allocated afterwards.
//
// Slots are indexed by sequence number modulo the capacity (a power of two, so the
// mapping survives the 65535 -> 0 wrap): storing packet n overwrites packet n - capacity.
// The default 512 × 1500 B holds about the last second of 4 Mbit/s video.
//
// Spans returned point into the slab: valid until the next Store() (which may overwrite
// the slot). One event-loop thread; time is passed in.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/units.h"

namespace softmcu {

class SendHistory {
 public:
  struct Config {
    size_t capacity = 512;  // packets; a power of two <= 32768
    size_t slot_size = 1500;
  };

  enum class StoreResult { kStored, kTooLarge, kMalformed };

  struct Stats {
    int64_t stored = 0;
    int64_t too_large = 0;      // refused: larger than slot_size
    int64_t malformed = 0;      // refused: shorter than an RTP header
    int64_t retransmitted = 0;  // handed out by GetForRetransmission
    int64_t rate_limited = 0;   // asked again before the last retransmission's RTT was up
    int64_t missing = 0;        // asked for a packet no longer (or never) stored
  };

  SendHistory() : SendHistory(Config{}) {}
  explicit SendHistory(Config config);

  // Copies `rtp_packet` (its sequence number read from bytes 2–3) into its slot.
  StoreResult Store(std::span<const uint8_t> rtp_packet, Timestamp sent);

  std::optional<std::span<const uint8_t>> Get(uint16_t seq) const;

  // The packet to retransmit for a NACK of `seq`, or nullopt if it is gone or its last
  // retransmission left less than `rtt` ago (that answer may still be in flight).
  // `queue_delay` is how long this retransmission will wait in the pacer before it leaves:
  // until then, and an RTT after, repeats of the NACK are not answered again.
  std::optional<std::span<const uint8_t>> GetForRetransmission(uint16_t seq, Timestamp now, TimeDelta rtt,
                                                               TimeDelta queue_delay = TimeDelta::Zero());

  // When `seq` was first sent, if stored.
  std::optional<Timestamp> SendTime(uint16_t seq) const;

  size_t capacity() const { return slots_.size(); }
  const Stats& stats() const { return stats_; }

 private:
  struct Slot {
    bool used = false;
    uint16_t seq = 0;
    uint16_t size = 0;
    int retransmissions = 0;
    Timestamp sent;
    Timestamp last_retransmitted;  // when it left (or will leave) the pacer
  };

  const Slot* Find(uint16_t seq) const;
  size_t IndexOf(uint16_t seq) const { return seq & (slots_.size() - 1); }
  std::span<const uint8_t> DataOf(size_t index, const Slot& slot) const {
    return {slab_.get() + index * slot_size_, slot.size};
  }

  const size_t slot_size_;
  std::unique_ptr<uint8_t[]> slab_;
  std::vector<Slot> slots_;
  Stats stats_;
};

}  // namespace softmcu
