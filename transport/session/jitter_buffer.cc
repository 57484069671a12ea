#include "transport/session/jitter_buffer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/check.h"

namespace softmcu {
namespace {

// The base transit is the minimum over the current and the previous window, so it
// follows a lasting change of path delay or clock drift within two windows.
constexpr TimeDelta kTransitWindow = TimeDelta::Seconds(2);
// Per update, the target delay moves down by this fraction of the excess (about 2 s of
// 30 fps video, 1.3 s of 20 ms audio): a jitter spike is remembered for a while.
constexpr double kTargetDecay = 1.0 / 64.0;

}  // namespace

std::span<const uint8_t> JitterBufferFrame::packet(size_t i) const {
  SOFTMCU_DCHECK(owner_ != nullptr && i < packet_count);
  return owner_->DataAt(first_unwrapped_ + static_cast<int64_t>(i));
}

JitterBuffer::JitterBuffer(Config config)
    : config_(config),
      slab_(std::make_unique<uint8_t[]>(config.capacity * config.max_packet_size)),
      slots_(config.capacity),
      rtt_(config.default_rtt),
      target_delay_us_(config.min_delay.us()) {
  SOFTMCU_CHECK(config.capacity > 0 && config.clock_rate_hz > 0);
  SOFTMCU_CHECK(config.max_packet_size <= 65535 && config.min_delay <= config.max_delay);
}

size_t JitterBuffer::IndexOf(int64_t seq) const {
  const auto n = static_cast<int64_t>(slots_.size());
  return static_cast<size_t>(((seq % n) + n) % n);
}

bool JitterBuffer::Present(int64_t seq) const {
  if (seq < next_seq_ || seq > highest_) return false;
  const Slot& slot = SlotAt(seq);
  return slot.used && slot.seq == seq;
}

std::span<const uint8_t> JitterBuffer::DataAt(int64_t seq) const {
  return {slab_.get() + IndexOf(seq) * config_.max_packet_size, SlotAt(seq).size};
}

JitterBuffer::InsertResult JitterBuffer::InsertPacket(const RtpPacketView& packet, Timestamp arrival) {
  const std::span<const uint8_t> data = packet.data();
  if (data.size() > config_.max_packet_size) {
    ++stats_.too_large;
    return InsertResult::kTooLarge;
  }
  const int64_t seq = seq_unwrapper_.Unwrap(packet.sequence_number());
  const int64_t ts = ts_unwrapper_.Unwrap(packet.timestamp());
  const auto capacity = static_cast<int64_t>(slots_.size());
  const bool first_packet = !started_;
  if (first_packet) {
    started_ = true;
    next_seq_ = highest_ = seq;
    ts_origin_ = ts;
  } else if (seq < next_seq_) {
    // Before anything is handed out, a reordered packet may still be the stream's first.
    if (output_started_ || seq <= highest_ - capacity) {
      ++stats_.late;
      return InsertResult::kTooOld;
    }
    next_seq_ = seq;
  }
  if (Present(seq)) {
    ++stats_.duplicates;
    return InsertResult::kDuplicate;
  }

  InsertResult result = InsertResult::kInserted;
  if (seq >= next_seq_ + capacity) {
    Dropped dropped = DropRange(seq - capacity + 1);
    pending_loss_.frames += dropped.frames;
    pending_loss_.missing += dropped.missing;
    ++stats_.overflow_drops;
    // The new oldest packet may be in the middle of a frame.
    start_known_ = config_.mode == Mode::kAudio;
    result = InsertResult::kInsertedDroppingOldest;
  }

  const bool in_order = first_packet || seq > highest_;
  if (!in_order) ++stats_.reordered;
  highest_ = std::max(highest_, seq);

  const size_t index = IndexOf(seq);
  std::memcpy(slab_.get() + index * config_.max_packet_size, data.data(), data.size());
  Slot& slot = slots_[index];
  slot = Slot{.used = true,
              .marker = packet.marker(),
              .size = static_cast<uint16_t>(data.size()),
              .seq = seq,
              .ts = ts - ts_origin_,
              .rtp_timestamp = packet.timestamp(),
              .arrival = arrival};
  ++buffered_;
  ++stats_.packets;
  UpdateDelay(slot, in_order);
  return result;
}

int64_t JitterBuffer::NominalUs(int64_t ts) const {
  return ts * 1'000'000 / config_.clock_rate_hz;
}

void JitterBuffer::UpdateDelay(const Slot& slot, bool in_order) {
  const int64_t transit = slot.arrival.us() - NominalUs(slot.ts);
  if (!transit_window_started_ || slot.arrival - transit_window_start_ >= kTransitWindow) {
    min_transit_previous_us_ = transit_window_started_ ? min_transit_current_us_ : transit;
    transit_window_started_ = true;
    min_transit_current_us_ = transit;
    transit_window_start_ = slot.arrival;
  } else {
    min_transit_current_us_ = std::min(min_transit_current_us_, transit);
  }

  // Jitter as RFC 3550 A.8 computes it, from in-order packets only; for video only the
  // first packet of each frame, since a frame's packets share a timestamp but are paced.
  if (!in_order) return;
  if (!has_transit_) {
    has_transit_ = true;
    last_transit_us_ = transit;
    last_jitter_ts_ = slot.ts;
    return;
  }
  if (config_.mode == Mode::kVideo && slot.ts == last_jitter_ts_) return;
  const double d = std::abs(static_cast<double>(transit - last_transit_us_));
  last_transit_us_ = transit;
  last_jitter_ts_ = slot.ts;
  jitter_us_ += (d - jitter_us_) / 16.0;

  const double wanted = config_.jitter_multiplier * jitter_us_;
  double target = static_cast<double>(target_delay_us_);
  target = wanted > target ? wanted : target - (target - wanted) * kTargetDecay;
  target_delay_us_ = std::clamp(static_cast<int64_t>(target), config_.min_delay.us(), config_.max_delay.us());
}

Timestamp JitterBuffer::NominalArrival(const Slot& slot) const {
  return Timestamp::Micros(NominalUs(slot.ts) + std::min(min_transit_current_us_, min_transit_previous_us_));
}

// The last packet of the complete frame beginning at `first`, or nullopt if incomplete.
std::optional<int64_t> JitterBuffer::CompleteFrameFrom(int64_t first) const {
  if (!Present(first)) return std::nullopt;
  const int64_t ts = SlotAt(first).ts;
  for (int64_t seq = first;; ++seq) {
    if (SlotAt(seq).marker) return seq;
    if (!Present(seq + 1)) return std::nullopt;
    if (SlotAt(seq + 1).ts != ts) return seq;  // the sender set no marker: the timestamp ends it
  }
}

// True if `seq` provably begins a frame: its predecessor is buffered and ends a frame.
bool JitterBuffer::IsKnownFrameStart(int64_t seq) const {
  if (!Present(seq) || !Present(seq - 1)) return false;
  const Slot& previous = SlotAt(seq - 1);
  return previous.marker || previous.ts != SlotAt(seq).ts;
}

Timestamp JitterBuffer::CompleteTime(int64_t first, int64_t last) const {
  Timestamp t = SlotAt(first).arrival;
  for (int64_t seq = first + 1; seq <= last; ++seq) t = std::max(t, SlotAt(seq).arrival);
  return t;
}

std::optional<JitterBuffer::Candidate> JitterBuffer::FindCandidate() const {
  if (!started_) return std::nullopt;
  const TimeDelta target = TimeDelta::Micros(target_delay_us_);
  if (config_.mode == Mode::kAudio) {
    // The first buffered packet; any missing before it are lost at its playout time.
    for (int64_t seq = next_seq_; seq <= highest_; ++seq) {
      if (Present(seq)) return Candidate{seq, seq, NominalArrival(SlotAt(seq)) + target};
    }
    return std::nullopt;
  }

  const bool paced = config_.release == ReleasePolicy::kPaced;
  if (start_known_) {
    if (auto last = CompleteFrameFrom(next_seq_)) {
      const Timestamp release =
          paced ? NominalArrival(SlotAt(next_seq_)) + target : CompleteTime(next_seq_, *last);
      return Candidate{next_seq_, *last, release};
    }
  }
  // The next frame is incomplete: the first complete frame after it may skip the gap.
  for (int64_t seq = next_seq_ + 1; seq <= highest_; ++seq) {
    if (!IsKnownFrameStart(seq)) continue;
    auto last = CompleteFrameFrom(seq);
    if (!last) continue;
    const Slot& first = SlotAt(seq);
    Timestamp release = CompleteTime(seq, *last);  // after an overflow drop: at once
    if (start_known_) {
      const TimeDelta hold = std::min(config_.max_delay, target + rtt_);
      release = std::max(release, NominalArrival(first) + hold);
    }
    if (paced) release = std::max(release, NominalArrival(first) + target);
    return Candidate{seq, *last, release};
  }
  return std::nullopt;
}

// Drops every buffered packet before `end` and moves next_seq_ there.
JitterBuffer::Dropped JitterBuffer::DropRange(int64_t end) {
  Dropped dropped;
  if (end <= next_seq_) return dropped;
  const auto capacity = static_cast<int64_t>(slots_.size());
  int64_t present = 0;
  int64_t previous_ts = 0;
  for (int64_t seq = next_seq_; seq < std::min(end, next_seq_ + capacity); ++seq) {
    if (!Present(seq)) continue;
    Slot& slot = slots_[IndexOf(seq)];
    if (config_.mode == Mode::kVideo && (present == 0 || slot.ts != previous_ts)) ++dropped.frames;
    ++present;
    previous_ts = slot.ts;
    slot.used = false;
    --buffered_;
  }
  const int64_t span = end - next_seq_;
  constexpr int64_t kMaxCount = std::numeric_limits<int>::max();
  dropped.missing = static_cast<int>(std::min(span - present, kMaxCount));
  if (config_.mode == Mode::kAudio) {
    dropped.frames = static_cast<int>(std::min(span, kMaxCount));
  } else if (dropped.frames == 0) {
    dropped.frames = 1;  // only missing packets: at least one frame
  }
  next_seq_ = end;
  output_started_ = true;
  stats_.frames_lost += dropped.frames;
  return dropped;
}

void JitterBuffer::Reset() {
  for (Slot& slot : slots_) slot.used = false;
  seq_unwrapper_.Reset();
  ts_unwrapper_.Reset();
  started_ = false;
  output_started_ = false;
  start_known_ = true;
  buffered_ = 0;
  pending_loss_ = Dropped{};
  transit_window_started_ = false;
  has_transit_ = false;
  jitter_us_ = 0;
}

bool JitterBuffer::PopFrame(Timestamp now, JitterBufferFrame* out) {
  const std::optional<Candidate> candidate = FindCandidate();
  if (!candidate || now < candidate->release) return false;

  const Dropped dropped = DropRange(candidate->first);

  const Slot& first = SlotAt(candidate->first);
  const Slot& last = SlotAt(candidate->last);
  *out = JitterBufferFrame{};
  out->rtp_timestamp = first.rtp_timestamp;
  out->first_seq = static_cast<uint16_t>(candidate->first);
  out->last_seq = static_cast<uint16_t>(candidate->last);
  out->packet_count = static_cast<size_t>(candidate->last - candidate->first + 1);
  out->marker = last.marker;
  out->complete_time = CompleteTime(candidate->first, candidate->last);
  out->first_arrival = first.arrival;
  for (int64_t seq = candidate->first + 1; seq <= candidate->last; ++seq) {
    out->first_arrival = std::min(out->first_arrival, SlotAt(seq).arrival);
  }
  out->lost_frames_before = pending_loss_.frames + dropped.frames;
  out->lost_packets_before = pending_loss_.missing + dropped.missing;
  out->owner_ = this;
  out->first_unwrapped_ = candidate->first;
  pending_loss_ = Dropped{};

  // The slots stay untouched, so the frame's packets stay readable until the next call.
  buffered_ -= out->packet_count;
  next_seq_ = candidate->last + 1;
  start_known_ = true;
  output_started_ = true;
  ++stats_.frames_out;
  return true;
}

std::optional<Timestamp> JitterBuffer::NextDeadline() const {
  const std::optional<Candidate> candidate = FindCandidate();
  if (!candidate) return std::nullopt;
  return candidate->release;
}

}  // namespace softmcu
