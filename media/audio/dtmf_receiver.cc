#include "media/audio/dtmf_receiver.h"

#include "core/check.h"
#include "media/audio/telephone_event.h"

namespace softmcu {
namespace {

// RTP timestamp order with wrap-around (RFC 3550 §5.1: serial number arithmetic).
bool IsNewer(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b) > 0;
}

// §2.5.1.3: a segment ends when its duration reaches 0xFFFF and the next starts at the
// previous timestamp plus that duration. Accept a little less in case the sender ends a
// segment early; much less would be a separate press of the same key.
constexpr uint32_t kMaxSegment = 0xFFFF;
constexpr uint32_t kMinSegmentAdvance = 0xF000;
// A duration that drops by more than half the field's range has wrapped, not been reordered.
constexpr uint32_t kWrapThreshold = 0x8000;

}  // namespace

DtmfReceiver::DtmfReceiver(const Config& config) : config_(config) {
  SOFTMCU_CHECK(config_.clock_rate > 0);
}

void DtmfReceiver::OnPacket(uint32_t rtp_timestamp, std::span<const uint8_t> payload, Timestamp now) {
  ++stats_.packets;
  const auto event = TelephoneEvent::Parse(payload);
  if (!event) {
    ++stats_.malformed;
    return;
  }
  if (event->event > TelephoneEvent::kMaxDtmfEvent) {
    ++stats_.not_dtmf;
    return;
  }
  // §2.5.1.4: the end packet is sent three times; retransmissions repeat earlier packets.
  if (have_last_ && !IsNewer(rtp_timestamp, last_timestamp_)) {
    ++(rtp_timestamp == last_timestamp_ ? stats_.duplicates : stats_.late);
    return;
  }
  if (active_) {
    if (rtp_timestamp == segment_timestamp_) {
      last_packet_ = now;
      UpdateDuration(event->duration);
      if (event->end) Emit(DtmfEnd::kEndPacket);
      return;
    }
    if (!IsNewer(rtp_timestamp, segment_timestamp_)) {  // an earlier segment of this press
      ++stats_.late;
      return;
    }
    const uint32_t advance = rtp_timestamp - segment_timestamp_;
    if (event->event == event_ && advance <= kMaxSegment && advance >= kMinSegmentAdvance &&
        advance >= duration_) {
      // §2.5.1.3: the next segment of a long event.
      earlier_ticks_ += advance;
      segment_timestamp_ = rtp_timestamp;
      duration_ = event->duration;
      wrapped_ = false;
      last_packet_ = now;
      if (event->end) Emit(DtmfEnd::kEndPacket);
      return;
    }
    Emit(DtmfEnd::kNextEvent);
  }
  StartEvent(rtp_timestamp, event->event, event->duration, now);
  if (event->end) Emit(DtmfEnd::kEndPacket);
}

void DtmfReceiver::Poll(Timestamp now) {
  if (active_ && now - last_packet_ >= config_.end_timeout) Emit(DtmfEnd::kTimeout);
}

std::optional<KeyPress> DtmfReceiver::PopKeyPress() {
  if (queue_size_ == 0) return std::nullopt;
  KeyPress press = queue_[queue_head_];
  queue_head_ = (queue_head_ + 1) % kQueueSize;
  --queue_size_;
  return press;
}

void DtmfReceiver::StartEvent(uint32_t rtp_timestamp, uint8_t event, uint16_t duration, Timestamp now) {
  active_ = true;
  event_ = event;
  first_timestamp_ = segment_timestamp_ = rtp_timestamp;
  duration_ = duration;
  earlier_ticks_ = 0;
  wrapped_ = false;
  last_packet_ = now;
}

void DtmfReceiver::UpdateDuration(uint16_t duration) {
  if (duration >= duration_) {
    // After a wrap, a large value is a reordered packet from before it.
    if (wrapped_ && uint32_t{duration} - duration_ > kWrapThreshold) return;
    duration_ = duration;
  } else if (uint32_t{duration_} - duration > kWrapThreshold) {
    earlier_ticks_ += 0x10000;
    duration_ = duration;
    wrapped_ = true;
  }
  // Otherwise a reordered earlier update: keep the longest.
}

void DtmfReceiver::Emit(DtmfEnd end) {
  SOFTMCU_DCHECK(active_);
  const uint64_t ticks = earlier_ticks_ + duration_;
  KeyPress press;
  press.key = TelephoneEvent::DtmfKey(event_);
  press.duration =
      TimeDelta::Micros(static_cast<int64_t>(ticks * 1'000'000 / static_cast<uint64_t>(config_.clock_rate)));
  press.rtp_timestamp = first_timestamp_;
  press.end = end;
  active_ = false;
  have_last_ = true;
  last_timestamp_ = segment_timestamp_;
  ++stats_.presses;
  if (end == DtmfEnd::kTimeout) ++stats_.ended_by_timeout;
  if (end == DtmfEnd::kNextEvent) ++stats_.ended_by_next_event;
  if (queue_size_ == kQueueSize) {
    ++stats_.queue_overflows;
    return;
  }
  queue_[(queue_head_ + queue_size_) % kQueueSize] = press;
  ++queue_size_;
}

}  // namespace softmcu
