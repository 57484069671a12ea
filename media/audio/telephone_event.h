#pragma once
// One RFC 4733 telephone-event payload (named events, e.g. DTMF digits), parsed with
// explicit readers. A plain value: nothing points into the packet after Parse().
//
// RFC 4733 §2.3:
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     event     |E|R| volume    |          duration             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// event: §3.2 code (0–9, 10 '*', 11 '#', 12–15 'A'–'D' for DTMF); E: end of event;
// R: reserved, ignored on receipt (§2.3.3); volume: 0–63 as −dBm0 (§2.3.4); duration: in
// RTP timestamp units since the event's timestamp (§2.3.5).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu {

struct TelephoneEvent {
  static constexpr size_t kSize = 4;
  static constexpr uint8_t kMaxDtmfEvent = 15;  // RFC 4733 §3.2: 0–15 are the DTMF digits

  uint8_t event = 0;
  bool end = false;
  uint8_t volume = 0;  // 0–63
  uint16_t duration = 0;

  // Exactly 4 bytes (one event per packet: redundancy is RFC 2198's job, not this payload's).
  static std::optional<TelephoneEvent> Parse(std::span<const uint8_t> payload);
  // Writes the 4 bytes (R = 0, §2.3.3); false if `out` is shorter.
  bool Write(std::span<uint8_t> out) const;

  // '0'–'9', '*', '#', 'A'–'D' for DTMF events, '\0' for any other event code.
  static char DtmfKey(uint8_t event);
};

}  // namespace softmcu
