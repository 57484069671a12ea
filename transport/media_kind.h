#pragma once

#include <cstdint>

namespace softmcu {

// What an RTP stream carries; decides DSCP marking (RFC 4594: EF for audio, AF41 for
// interactive video) and pacing priority.
enum class MediaKind : uint8_t { kAudio, kVideo };

}  // namespace softmcu
