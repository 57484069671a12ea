#pragma once
// When each endpoint sent what, for the receivers that later see it in a composite or hear
// it in a mix: the send time of every recent video frame (by stamp sequence number) and of
// every recent audio marker. Written only by the endpoint's own event-loop thread, read by
// receivers on any thread: every entry is one atomic 64-bit word (a 16-bit key and a 48-bit
// time in microseconds), so a reader sees an old entry or a new one, never half of each.
//
// Windows: the last 512 video frames (17 s at 30 fps) and 16 markers; a stamp older than
// that is reported as not found (an MCU that late is broken anyway). Fixed size, allocated
// at construction; nothing per frame.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/units.h"

namespace softmcu::loadgen {

class SendLog {
 public:
  static constexpr uint32_t kVideoWindow = 512;
  static constexpr uint32_t kMarkerWindow = 16;

  explicit SendLog(bool video);

  // Writer side (the endpoint's thread).
  void RecordVideoFrame(uint32_t stamp_sequence, Timestamp sent);
  void RecordMarker(Timestamp sent);

  // Reader side (any thread).
  std::optional<Timestamp> VideoFrameSent(uint32_t stamp_sequence) const;
  // The latest marker sent at or before `t`.
  std::optional<Timestamp> MarkerSentBefore(Timestamp t) const;
  std::optional<Timestamp> last_video_sent() const;

 private:
  static constexpr uint64_t kTimeMask = (uint64_t{1} << 48) - 1;
  static uint64_t Pack(uint32_t key, Timestamp t) {
    return (uint64_t{key & 0xFFFF} << 48) | (static_cast<uint64_t>(t.us()) & kTimeMask);
  }

  std::unique_ptr<std::atomic<uint64_t>[]> video_;  // null for audio-only endpoints
  std::array<std::atomic<uint64_t>, kMarkerWindow> markers_{};
  std::atomic<uint32_t> marker_count_{0};
  std::atomic<int64_t> last_video_us_{-1};
};

}  // namespace softmcu::loadgen
