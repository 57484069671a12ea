#pragma once
// Voice-activated switching of the main tile in open meetings: who the active speaker is,
// from the per-tick audio levels (AudioMixer::levels(), RFC 6464 −dBov), without flapping.
//
// Two rules, both on injected time (CONVENTIONS.md §9):
//  - a candidate must be the loudest active voice for `dominance` (default 1 s) before
//    it takes the main tile: ticks where nobody speaks (pauses between words) do not
//    reset it; only another voice being loudest does;
//  - a speaker keeps the main tile at least `min_hold` (default 2 s) once it got it.
//
// States: kNoSpeaker → kHolding (speaker chosen, within min_hold) → kSettled (may be
// replaced) → kHolding ...; the transitions are in Step(). Pure, single-threaded, no
// allocation after the first ticks.

#include <optional>
#include <span>

#include "core/result.h"
#include "core/units.h"
#include "mixer/audio/speaker_level.h"
#include "mixer/floor/floor_types.h"

namespace softmcu {

struct VoiceSwitchConfig {
  TimeDelta min_hold = TimeDelta::Seconds(2);
  TimeDelta dominance = TimeDelta::Seconds(1);
  // Quieter than this (−dBov) is not speech: it cannot be a candidate.
  uint8_t activity_level = 50;
  Result<void> Validate() const;
};

enum class VoiceSwitchState { kNoSpeaker, kHolding, kSettled };

class VoiceSwitch {
 public:
  // `config` must be valid.
  explicit VoiceSwitch(VoiceSwitchConfig config = {});

  // One tick's levels. Returns true when the speaker changed.
  bool OnLevels(Timestamp now, std::span<const SpeakerLevel> levels);
  // A participant left: if it was the speaker, the previous speaker takes over (held
  // anew); it stops being a candidate or the previous speaker.
  void Remove(ParticipantId id, Timestamp now);

  std::optional<ParticipantId> speaker() const { return speaker_; }
  // Who had the main tile before the current speaker (the self-view fallback).
  std::optional<ParticipantId> previous_speaker() const { return previous_; }
  VoiceSwitchState state() const { return state_; }

 private:
  // The state machine: given the loudest voice of this tick (if any), moves the state.
  bool Step(Timestamp now, std::optional<ParticipantId> loudest);
  void TakeMain(ParticipantId id, Timestamp now);

  const VoiceSwitchConfig config_;
  VoiceSwitchState state_ = VoiceSwitchState::kNoSpeaker;
  std::optional<ParticipantId> speaker_;
  std::optional<ParticipantId> previous_;
  Timestamp speaker_since_;
  std::optional<ParticipantId> candidate_;
  Timestamp candidate_since_;
};

}  // namespace softmcu
