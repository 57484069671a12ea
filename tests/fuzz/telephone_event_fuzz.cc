// Fuzzes the RFC 4733 telephone-event parser and the DtmfReceiver state machine
// (media/audio/). The input is a sequence of 7-byte records, each one packet as the
// receiver would see it:
//
//   byte 0–1   RTP timestamp offset (big-endian) from a base, so events share, repeat,
//              advance and go back in time
//   byte 2     milliseconds to advance the simulated clock before the packet; 0xff
//              advances one second and polls for a timed-out press first
//   byte 3–6   the 4-byte payload (a shorter tail record is fed as a truncated payload)
//
// Checks: a payload that parses re-serializes to the same bytes apart from the R bit;
// every press has a DTMF key and a duration within what 16-bit durations and segments
// allow; the number of presses never exceeds the packets that could have ended one.
// Seeds: tests/fuzz/corpus/telephone_event/.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "core/byte_io.h"
#include "media/audio/dtmf_receiver.h"
#include "media/audio/telephone_event.h"

namespace {

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void CheckPress(const softmcu::KeyPress& press, size_t packets) {
  Check(std::string_view("0123456789*#ABCD").find(press.key) != std::string_view::npos && press.key != '\0');
  Check(press.duration >= softmcu::TimeDelta::Zero());
  // Each packet can add at most one 16-bit duration (a segment or a wrap) to a press:
  // 0x10000 ticks at 8 kHz is 8.192 s = 65536 × 125 µs.
  Check(press.duration.us() <= static_cast<int64_t>(packets + 1) * 0x10000 * 125);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using softmcu::TimeDelta;
  constexpr size_t kRecord = 7;
  softmcu::DtmfReceiver receiver;
  softmcu::Timestamp now = softmcu::Timestamp::Seconds(10);
  const uint32_t base = size >= 4 ? softmcu::LoadBe32(data) : 0x12345678;
  size_t packets = 0;
  int64_t presses = 0;
  for (size_t pos = 0; pos + 3 <= size; pos += kRecord) {
    const uint32_t ts = base + softmcu::LoadBe16(data + pos);
    const uint8_t step = data[pos + 2];
    const std::span<const uint8_t> payload(data + pos + 3, std::min<size_t>(4, size - pos - 3));

    if (auto event = softmcu::TelephoneEvent::Parse(payload)) {
      std::array<uint8_t, 4> out{};
      Check(event->Write(out));
      Check(out[0] == payload[0] && (out[1] | 0x40) == (payload[1] | 0x40) &&
            std::memcmp(out.data() + 2, payload.data() + 2, 2) == 0);
    }

    if (step == 0xff) {
      now += TimeDelta::Seconds(1);
      receiver.Poll(now);
    } else {
      now += TimeDelta::Millis(step);
    }
    receiver.OnPacket(ts, payload, now);
    ++packets;
    while (auto press = receiver.PopKeyPress()) {
      CheckPress(*press, packets);
      ++presses;
    }
  }
  receiver.Poll(now + TimeDelta::Seconds(10));
  Check(!receiver.in_event());
  while (auto press = receiver.PopKeyPress()) {
    CheckPress(*press, packets);
    ++presses;
  }
  const auto& stats = receiver.stats();
  Check(presses == stats.presses - stats.queue_overflows);
  Check(stats.presses <= static_cast<int64_t>(packets));
  Check(stats.packets == static_cast<int64_t>(packets));
  return 0;
}
