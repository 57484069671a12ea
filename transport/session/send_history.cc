#include "transport/session/send_history.h"

#include <cstring>

#include "core/check.h"

namespace softmcu {
namespace {
constexpr size_t kRtpHeaderSize = 12;
}  // namespace

SendHistory::SendHistory(Config config)
    : slot_size_(config.slot_size),
      slab_(std::make_unique<uint8_t[]>(config.capacity * config.slot_size)),
      slots_(config.capacity) {
  // A power of two divides 2^16, so seq & (capacity - 1) stays continuous across the wrap.
  SOFTMCU_CHECK(config.capacity > 0 && (config.capacity & (config.capacity - 1)) == 0 &&
                config.capacity <= 32768);
  SOFTMCU_CHECK(config.slot_size >= kRtpHeaderSize && config.slot_size <= 65535);
}

SendHistory::StoreResult SendHistory::Store(std::span<const uint8_t> rtp_packet, Timestamp sent) {
  if (rtp_packet.size() < kRtpHeaderSize) {
    ++stats_.malformed;
    return StoreResult::kMalformed;
  }
  if (rtp_packet.size() > slot_size_) {
    ++stats_.too_large;
    return StoreResult::kTooLarge;
  }
  const auto seq = static_cast<uint16_t>((rtp_packet[2] << 8) | rtp_packet[3]);
  const size_t index = IndexOf(seq);
  std::memcpy(slab_.get() + index * slot_size_, rtp_packet.data(), rtp_packet.size());
  slots_[index] = Slot{.used = true,
                       .seq = seq,
                       .size = static_cast<uint16_t>(rtp_packet.size()),
                       .retransmissions = 0,
                       .sent = sent,
                       .last_retransmitted = sent};
  ++stats_.stored;
  return StoreResult::kStored;
}

const SendHistory::Slot* SendHistory::Find(uint16_t seq) const {
  const Slot& slot = slots_[IndexOf(seq)];
  return slot.used && slot.seq == seq ? &slot : nullptr;
}

std::optional<std::span<const uint8_t>> SendHistory::Get(uint16_t seq) const {
  const Slot* slot = Find(seq);
  if (!slot) return std::nullopt;
  return DataOf(IndexOf(seq), *slot);
}

std::optional<Timestamp> SendHistory::SendTime(uint16_t seq) const {
  const Slot* slot = Find(seq);
  if (!slot) return std::nullopt;
  return slot->sent;
}

std::optional<std::span<const uint8_t>> SendHistory::GetForRetransmission(uint16_t seq, Timestamp now,
                                                                          TimeDelta rtt, TimeDelta queue_delay) {
  const size_t index = IndexOf(seq);
  Slot& slot = slots_[index];
  if (!slot.used || slot.seq != seq) {
    ++stats_.missing;
    return std::nullopt;
  }
  // As libwebrtc's packet history: only a packet already retransmitted is held back, so
  // the first NACK is always answered.
  if (slot.retransmissions > 0 && now < slot.last_retransmitted + rtt) {
    ++stats_.rate_limited;
    return std::nullopt;
  }
  ++slot.retransmissions;
  slot.last_retransmitted = now + queue_delay;
  ++stats_.retransmitted;
  return DataOf(index, slot);
}

}  // namespace softmcu
