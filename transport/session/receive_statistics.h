#pragma once
// Reception statistics for one incoming SSRC: what an RTCP receiver report block says
// about it (RFC 3550 §6.4.1), computed exactly as the RFC's Appendix A does it:
//   A.1 sequence validation: a new source is on probation until MIN_SEQUENTIAL packets
//       arrive in sequence; a jump of MAX_DROPOUT or more is believed only when the next
//       packet follows it (the sender restarted), then the statistics restart there.
//   A.3 expected/lost counts and the fraction lost per report interval.
//   A.8 interarrival jitter, J += (|D| - J)/16, in RTP timestamp units, kept scaled
//       by 16 in an integer as A.8's second form does.
//
// A pure state machine: arrival times are passed in, nothing is read from a clock.
// No allocation after construction. One event-loop thread.

#include <bitset>
#include <cstdint>
#include <optional>

#include "core/units.h"
#include "transport/session/rate_counter.h"

namespace softmcu {

// The fields of one RTCP report block (RFC 3550 §6.4.1) for the source.
struct ReportBlockData {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;          // lost/expected since the previous block, fixed point /256
  int32_t cumulative_lost = 0;        // signed 24-bit range: duplicates can make it negative
  uint32_t extended_highest_seq = 0;  // cycles << 16 | highest sequence number
  uint32_t jitter = 0;                // RTP timestamp units
  uint32_t last_sr = 0;               // LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none
  uint32_t delay_since_last_sr = 0;   // DLSR in 1/65536 s, 0 if no SR yet
};

// What A.1 decided about a packet. The owner normally forwards only kAccepted (and may
// drop kDuplicate); packets in probation or after an unbelieved jump are not "valid".
enum class SequenceCheck {
  kAccepted,
  kDuplicate,    // seen already (within the last 128 sequence numbers); counted as received per §6.4.1
  kProbation,    // source not validated yet (A.1: MIN_SEQUENTIAL in-order packets needed)
  kBadSequence,  // a jump of MAX_DROPOUT or more; the next in-order packet re-synchronizes
};

class ReceiveStatistics {
 public:
  static constexpr int kMinSequential = 2;       // A.1 MIN_SEQUENTIAL
  static constexpr uint16_t kMaxDropout = 3000;  // A.1 MAX_DROPOUT
  static constexpr uint16_t kMaxMisorder = 100;  // A.1 MAX_MISORDER

  struct Counters {
    int64_t packets = 0;  // every packet handed to OnPacket
    int64_t bytes = 0;
    int64_t duplicates = 0;
    int64_t discarded = 0;  // in probation or bad sequence
  };

  explicit ReceiveStatistics(uint32_t ssrc, TimeDelta rate_window = TimeDelta::Seconds(1));

  // `clock_rate_hz` converts `arrival` into RTP timestamp units for the jitter (0: no
  // jitter update). `size` is the whole RTP packet, for the byte counters and bitrate.
  SequenceCheck OnPacket(uint16_t seq, uint32_t rtp_timestamp, Timestamp arrival, int clock_rate_hz,
                         DataSize size);

  // An RTCP SR from this source arrived: `ntp_compact` is the middle 32 bits of its NTP
  // timestamp (seconds low 16 bits : fraction high 16 bits), echoed back as LSR.
  void OnSenderReport(uint32_t ntp_compact, Timestamp arrival);

  // Makes the report block for `now` and starts a new fraction-lost interval (A.3).
  // nullopt while the source is not validated (nothing valid to report yet).
  std::optional<ReportBlockData> MakeReportBlock(Timestamp now);

  uint32_t ssrc() const { return ssrc_; }
  bool validated() const { return probation_ == 0 && received_ > 0; }
  uint32_t extended_highest_sequence() const { return cycles_ + max_seq_; }
  int64_t expected() const;
  int64_t received() const { return received_; }       // A.1 `received`, duplicates included
  int32_t cumulative_lost() const;                     // clamped to the signed 24-bit range
  uint32_t jitter() const { return jitter_q4_ >> 4; }  // RTP timestamp units
  const Counters& counters() const { return counters_; }
  DataRate bitrate(Timestamp now) const { return rate_.Rate(now); }

 private:
  static constexpr size_t kDuplicateWindow = 128;  // > MAX_MISORDER: every accepted reorder fits

  void InitSequence(uint16_t seq);
  SequenceCheck UpdateSequence(uint16_t seq, int64_t* extended);
  void UpdateJitter(uint32_t rtp_timestamp, Timestamp arrival, int clock_rate_hz);

  const uint32_t ssrc_;

  // A.1 source state.
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;  // count of wraps, shifted left 16
  uint32_t base_seq_ = 0;
  uint32_t bad_seq_ = 0;
  int probation_ = kMinSequential;
  bool initialized_ = false;
  int64_t received_ = 0;
  int64_t expected_prior_ = 0;
  int64_t received_prior_ = 0;
  std::bitset<kDuplicateWindow> seen_;  // by extended seq modulo the window

  // A.8 jitter state.
  bool has_transit_ = false;
  int32_t transit_ = 0;
  uint32_t jitter_q4_ = 0;  // jitter << 4

  std::optional<uint32_t> last_sr_ntp_;
  Timestamp last_sr_arrival_;

  Counters counters_;
  RateCounter rate_;
};

}  // namespace softmcu
