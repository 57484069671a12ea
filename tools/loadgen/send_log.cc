#include "tools/loadgen/send_log.h"

namespace softmcu::loadgen {
namespace {
// Key 0xFFFF never matches a 14-bit stamp sequence: marks an empty slot.
constexpr uint64_t kEmpty = uint64_t{0xFFFF} << 48;
}  // namespace

SendLog::SendLog(bool video) {
  if (video) {
    video_ = std::make_unique<std::atomic<uint64_t>[]>(kVideoWindow);
    for (uint32_t i = 0; i < kVideoWindow; ++i) video_[i].store(kEmpty, std::memory_order_relaxed);
  }
  for (auto& m : markers_) m.store(kEmpty, std::memory_order_relaxed);
}

void SendLog::RecordVideoFrame(uint32_t stamp_sequence, Timestamp sent) {
  if (!video_) return;
  video_[stamp_sequence % kVideoWindow].store(Pack(stamp_sequence, sent), std::memory_order_release);
  last_video_us_.store(sent.us(), std::memory_order_release);
}

std::optional<Timestamp> SendLog::VideoFrameSent(uint32_t stamp_sequence) const {
  if (!video_) return std::nullopt;
  const uint64_t entry = video_[stamp_sequence % kVideoWindow].load(std::memory_order_acquire);
  if ((entry >> 48) != (stamp_sequence & 0xFFFF)) return std::nullopt;
  return Timestamp::Micros(static_cast<int64_t>(entry & kTimeMask));
}

std::optional<Timestamp> SendLog::last_video_sent() const {
  const int64_t us = last_video_us_.load(std::memory_order_acquire);
  if (us < 0) return std::nullopt;
  return Timestamp::Micros(us);
}

void SendLog::RecordMarker(Timestamp sent) {
  const uint32_t n = marker_count_.load(std::memory_order_relaxed);
  markers_[n % kMarkerWindow].store(Pack(0, sent), std::memory_order_release);
  marker_count_.store(n + 1, std::memory_order_release);
}

std::optional<Timestamp> SendLog::MarkerSentBefore(Timestamp t) const {
  std::optional<Timestamp> best;
  for (const auto& m : markers_) {
    const uint64_t entry = m.load(std::memory_order_acquire);
    if (entry == kEmpty) continue;
    const Timestamp sent = Timestamp::Micros(static_cast<int64_t>(entry & kTimeMask));
    if (sent <= t && (!best || sent > *best)) best = sent;
  }
  return best;
}

}  // namespace softmcu::loadgen
