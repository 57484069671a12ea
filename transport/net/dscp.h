#pragma once
// DSCP marking for media sockets: government networks apply QoS by DSCP (RFC 4594):
// EF (46) for telephony/audio, AF41 (34) for interactive video. Signalling stays default.

#include <cstdint>

#include "transport/media_kind.h"

namespace softmcu {

enum class Dscp : uint8_t { kDefault = 0, kAf41 = 34, kEf = 46 };

constexpr Dscp DscpFor(MediaKind kind) {
  return kind == MediaKind::kAudio ? Dscp::kEf : Dscp::kAf41;
}

}  // namespace softmcu
