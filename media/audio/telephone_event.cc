#include "media/audio/telephone_event.h"

#include "core/byte_io.h"

namespace softmcu {

std::optional<TelephoneEvent> TelephoneEvent::Parse(std::span<const uint8_t> payload) {
  if (payload.size() != kSize) return std::nullopt;
  ByteReader reader(payload);
  const uint8_t event = *reader.U8();
  const uint8_t flags = *reader.U8();  // E | R | volume(6)
  const uint16_t duration = *reader.U16();
  TelephoneEvent e;
  e.event = event;
  e.end = (flags & 0x80) != 0;
  // (flags & 0x40) is R: reserved, ignored (§2.3.3).
  e.volume = flags & 0x3f;
  e.duration = duration;
  return e;
}

bool TelephoneEvent::Write(std::span<uint8_t> out) const {
  ByteWriter writer(out);
  writer.U8(event);
  writer.U8(static_cast<uint8_t>((end ? 0x80 : 0) | (volume & 0x3f)));
  writer.U16(duration);
  return writer.ok();
}

char TelephoneEvent::DtmfKey(uint8_t event) {
  static constexpr char kKeys[] = "0123456789*#ABCD";
  return event <= kMaxDtmfEvent ? kKeys[event] : '\0';
}

}  // namespace softmcu
