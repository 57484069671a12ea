#pragma once
// Decides which missing RTP packets of one incoming video stream to ask for again with
// generic NACKs (RFC 4585 §6.2.1), and when to give up and ask for a keyframe instead.
//
//   * A gap in the (unwrapped) sequence numbers puts each missing number on the list.
//   * A missing number is NACKed at the first GetNacksToSend() after it is seen missing
//     (plus an optional reorder delay), then again every max(rtt, min_retry_interval).
//   * It is given up after max_retries NACKs, or once older than max_age. A packet
//     given up is lost for good, so a keyframe will be needed: KeyframeRequestNeeded().
//   * A gap that would take the list beyond max_missing clears the list and asks for a
//     keyframe at once: retransmitting that much would not be worth it.
//   * A late or retransmitted packet removes its number from the list.
//
// Memory is bounded: the list and the output are reserved at construction and never
// grow, so nothing is allocated per packet. Pure state machine: time comes in. One thread.

#include <cstdint>
#include <span>
#include <vector>

#include "core/units.h"
#include "transport/rtp/sequence_unwrapper.h"

namespace softmcu {

class NackGenerator {
 public:
  struct Config {
    int max_retries = 10;
    TimeDelta max_age = TimeDelta::Seconds(1);
    size_t max_missing = 1000;
    TimeDelta min_retry_interval = TimeDelta::Millis(20);
    // Wait this long before the first NACK, in case the packet is only reordered.
    TimeDelta first_nack_delay = TimeDelta::Zero();
  };

  enum class PacketResult {
    kNew,        // newest so far (possibly after a gap)
    kRecovered,  // was on the missing list: late or retransmitted
    kOld,        // older than the newest and not missing: duplicate or given up
  };

  struct Stats {
    int64_t nacks_sent = 0;  // sequence numbers put in NACKs, retries included
    int64_t recovered = 0;
    int64_t given_up = 0;   // after max_retries or max_age
    int64_t overflows = 0;  // gaps that cleared the list (keyframe requested instead)
  };

  NackGenerator() : NackGenerator(Config{}) {}
  explicit NackGenerator(Config config);

  PacketResult OnPacket(uint16_t seq, Timestamp now);

  // Sequence numbers to NACK now. The span points into a member buffer: valid until the
  // next call on this object.
  std::span<const uint16_t> GetNacksToSend(Timestamp now, TimeDelta rtt);

  // A keyframe starting at `first_seq` arrived: older missing packets no longer matter for
  // decoding, and no keyframe needs requesting any more.
  void OnKeyframe(uint16_t first_seq);

  bool KeyframeRequestNeeded() const { return keyframe_request_needed_; }
  // The owner sent a PLI/FIR.
  void OnKeyframeRequested() { keyframe_request_needed_ = false; }

  size_t missing_count() const { return missing_.size(); }
  const Stats& stats() const { return stats_; }

 private:
  struct Missing {
    int64_t seq;  // unwrapped
    Timestamp detected;
    Timestamp last_sent;
    int retries;  // NACKs sent so far
  };

  const Config config_;
  SequenceNumberUnwrapper unwrapper_;
  bool started_ = false;
  int64_t newest_ = 0;
  std::vector<Missing> missing_;  // sorted by seq; capacity max_missing, never grows
  std::vector<uint16_t> out_;     // capacity max_missing
  bool keyframe_request_needed_ = false;
  Stats stats_;
};

}  // namespace softmcu
