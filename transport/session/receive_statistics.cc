#include "transport/session/receive_statistics.h"

#include <algorithm>

namespace softmcu {
namespace {

constexpr int64_t kSeqMod = 1 << 16;  // A.1 RTP_SEQ_MOD

// Arrival time on a `rate` Hz clock, modulo 2^32 like an RTP timestamp.
uint32_t ToRtpUnits(Timestamp t, int rate) {
  const int64_t us = t.us();
  const int64_t units = (us / 1'000'000) * rate + (us % 1'000'000) * rate / 1'000'000;
  return static_cast<uint32_t>(units);
}

}  // namespace

ReceiveStatistics::ReceiveStatistics(uint32_t ssrc, TimeDelta rate_window)
    : ssrc_(ssrc), rate_(rate_window) {}

// A.1 init_seq().
void ReceiveStatistics::InitSequence(uint16_t seq) {
  base_seq_ = seq;
  max_seq_ = seq;
  bad_seq_ = kSeqMod + 1;  // so seq == bad_seq_ is false
  cycles_ = 0;
  received_ = 0;
  received_prior_ = 0;
  expected_prior_ = 0;
  seen_.reset();
}

// A.1 update_seq(), returning why a packet is not valid instead of 0, and the packet's
// extended sequence number for duplicate detection.
SequenceCheck ReceiveStatistics::UpdateSequence(uint16_t seq, int64_t* extended) {
  const auto udelta = static_cast<uint16_t>(seq - max_seq_);
  if (probation_ > 0) {
    // 16-bit arithmetic: A.1's `s->max_seq + 1` promotes to int and misses 65535 -> 0.
    if (seq == static_cast<uint16_t>(max_seq_ + 1)) {
      --probation_;
      max_seq_ = seq;
      if (probation_ == 0) {
        InitSequence(seq);
        ++received_;
        *extended = seq;
        return SequenceCheck::kAccepted;
      }
    } else {
      probation_ = kMinSequential - 1;
      max_seq_ = seq;
    }
    return SequenceCheck::kProbation;
  }
  if (udelta < kMaxDropout) {
    // In order, with permissible gap.
    if (seq < max_seq_) cycles_ += kSeqMod;  // wrapped
    max_seq_ = seq;
    *extended = static_cast<int64_t>(cycles_) + seq;
  } else if (udelta <= kSeqMod - kMaxMisorder) {
    // The sequence number made a very large jump.
    if (seq == bad_seq_) {
      // Two sequential packets: assume the other side restarted without telling us.
      InitSequence(seq);
      *extended = seq;
    } else {
      bad_seq_ = (seq + 1) & (kSeqMod - 1);
      return SequenceCheck::kBadSequence;
    }
  } else {
    // Duplicate or reordered packet, at most MAX_MISORDER behind.
    *extended = static_cast<int64_t>(cycles_) + max_seq_ - (kSeqMod - udelta);
  }
  ++received_;
  return SequenceCheck::kAccepted;
}

SequenceCheck ReceiveStatistics::OnPacket(uint16_t seq, uint32_t rtp_timestamp, Timestamp arrival,
                                          int clock_rate_hz, DataSize size) {
  ++counters_.packets;
  counters_.bytes += size.bytes();
  rate_.Add(arrival, size);

  if (!initialized_) {
    // A.1: "the source is initialized with init_seq(s, seq); s->max_seq = seq - 1;
    // s->probation = MIN_SEQUENTIAL".
    initialized_ = true;
    InitSequence(seq);
    max_seq_ = static_cast<uint16_t>(seq - 1);
    probation_ = kMinSequential;
  }

  const int64_t previous_highest = static_cast<int64_t>(cycles_) + max_seq_;
  const bool was_validated = probation_ == 0;
  int64_t extended = 0;
  const SequenceCheck check = UpdateSequence(seq, &extended);
  if (check != SequenceCheck::kAccepted) {
    ++counters_.discarded;
    return check;
  }

  // Duplicate detection over the last kDuplicateWindow sequence numbers. Not part of
  // A.1, which counts duplicates as received (so cumulative loss can go negative, §6.4.1).
  const int64_t highest = static_cast<int64_t>(cycles_) + max_seq_;
  if (was_validated && highest > previous_highest) {
    for (int64_t s = previous_highest + 1;
         s <= std::min(highest, previous_highest + int64_t{kDuplicateWindow}); ++s) {
      seen_.reset(static_cast<size_t>(s % kDuplicateWindow));
    }
  }
  const auto bit = static_cast<size_t>(((extended % kDuplicateWindow) + kDuplicateWindow) % kDuplicateWindow);
  if (extended > highest - static_cast<int64_t>(kDuplicateWindow) && seen_.test(bit)) {
    ++counters_.duplicates;
    return SequenceCheck::kDuplicate;
  }
  seen_.set(bit);

  if (clock_rate_hz > 0) UpdateJitter(rtp_timestamp, arrival, clock_rate_hz);
  return SequenceCheck::kAccepted;
}

// A.8: transit = arrival - timestamp (both in RTP units); d = |transit - previous transit|;
// jitter += d - ((jitter + 8) >> 4), with jitter kept scaled by 16.
void ReceiveStatistics::UpdateJitter(uint32_t rtp_timestamp, Timestamp arrival, int clock_rate_hz) {
  const auto transit = static_cast<int32_t>(ToRtpUnits(arrival, clock_rate_hz) - rtp_timestamp);
  if (!has_transit_) {
    has_transit_ = true;
    transit_ = transit;
    return;
  }
  int64_t d = static_cast<int64_t>(transit) - transit_;
  // Modulo 2^32: the difference of two wrapping values, taken the short way round.
  d = static_cast<int32_t>(static_cast<uint32_t>(d));
  transit_ = transit;
  if (d < 0) d = -d;
  jitter_q4_ = static_cast<uint32_t>(static_cast<int64_t>(jitter_q4_) + d - ((jitter_q4_ + 8) >> 4));
}

void ReceiveStatistics::OnSenderReport(uint32_t ntp_compact, Timestamp arrival) {
  last_sr_ntp_ = ntp_compact;
  last_sr_arrival_ = arrival;
}

int64_t ReceiveStatistics::expected() const {
  if (!validated()) return 0;
  return static_cast<int64_t>(cycles_) + max_seq_ - base_seq_ + 1;  // A.3
}

int32_t ReceiveStatistics::cumulative_lost() const {
  // A.3: "clamped at 0x7fffff for positive loss or 0x800000 for negative loss".
  const int64_t lost = expected() - received_;
  return static_cast<int32_t>(std::clamp<int64_t>(lost, -0x800000, 0x7fffff));
}

std::optional<ReportBlockData> ReceiveStatistics::MakeReportBlock(Timestamp now) {
  if (!validated()) return std::nullopt;
  ReportBlockData block;
  block.ssrc = ssrc_;
  block.extended_highest_seq = extended_highest_sequence();
  block.cumulative_lost = cumulative_lost();
  block.jitter = jitter();

  // A.3 fraction lost over the interval since the previous report block.
  const int64_t expected_now = expected();
  const int64_t expected_interval = expected_now - expected_prior_;
  expected_prior_ = expected_now;
  const int64_t received_interval = received_ - received_prior_;
  received_prior_ = received_;
  const int64_t lost_interval = expected_interval - received_interval;
  if (expected_interval > 0 && lost_interval > 0) {
    // All lost gives 256, which does not fit the 8-bit field: report 255/256.
    block.fraction_lost =
        static_cast<uint8_t>(std::min<int64_t>(255, (lost_interval << 8) / expected_interval));
  }

  // §6.4.1 LSR/DLSR; DLSR in units of 1/65536 s.
  if (last_sr_ntp_) {
    block.last_sr = *last_sr_ntp_;
    const int64_t delay_us = std::max<int64_t>(0, (now - last_sr_arrival_).us());
    block.delay_since_last_sr = static_cast<uint32_t>(delay_us * 65536 / 1'000'000);
  }
  return block;
}

}  // namespace softmcu
