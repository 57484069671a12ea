#pragma once
// How loud one participant was in one 20 ms tick: what the AudioMixer reports for the
// active-speaker switch (VoiceSwitch) and the console's meters.

#include <cstdint>

#include "mixer/floor/floor_types.h"

namespace softmcu {

struct SpeakerLevel {
  static constexpr uint8_t kSilence = 127;

  ParticipantId participant = 0;
  uint8_t level = kSilence;  // −dBov as in RFC 6464: 0 is the loudest, 127 silence
  // Whether the voice was in this tick's mix (a branch without the floor is not).
  bool audible = false;
  friend bool operator==(const SpeakerLevel&, const SpeakerLevel&) = default;
};

}  // namespace softmcu
