#pragma once
// Vocabulary shared by the floor, tile-assignment and audio-mixing parts of mixer/
// (OPERATING-MODEL.md "Vocabulary"): who a participant is, its role, and how the
// meeting decides who may speak.

#include <cstdint>

namespace softmcu {

// A bridge point in one conference. Same value space as AudioFrame::source_id; 0 is valid.
using ParticipantId = uint32_t;

// The chair point's operator runs the meeting; branch points follow its script.
enum class ParticipantRole { kChair, kBranch };

// kChairControlled: branch microphones are closed; only the chair and the floor holder(s)
// are heard, and the floor holder is on the main tile (Hà Giang art. 10.2).
// kOpen: the loudest speakers are heard and the active speaker is on the main tile.
enum class SpeakingMode { kChairControlled, kOpen };

const char* ToString(ParticipantRole role);
const char* ToString(SpeakingMode mode);

}  // namespace softmcu
