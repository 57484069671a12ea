#include "mixer/assignment/voice_switch.h"

#include "core/check.h"

namespace softmcu {

Result<void> VoiceSwitchConfig::Validate() const {
  if (min_hold < TimeDelta::Zero() || min_hold > TimeDelta::Seconds(60)) {
    return MakeError(ErrorCode::kOutOfRange, "voice switch: min_hold is outside 0..60 s");
  }
  if (dominance < TimeDelta::Zero() || dominance > TimeDelta::Seconds(60)) {
    return MakeError(ErrorCode::kOutOfRange, "voice switch: dominance is outside 0..60 s");
  }
  if (activity_level > SpeakerLevel::kSilence) {
    return MakeError(ErrorCode::kOutOfRange, "voice switch: activity_level is outside 0..127");
  }
  return {};
}

VoiceSwitch::VoiceSwitch(VoiceSwitchConfig config) : config_(config) {
  SOFTMCU_CHECK(config_.Validate().has_value());
}

bool VoiceSwitch::OnLevels(Timestamp now, std::span<const SpeakerLevel> levels) {
  std::optional<ParticipantId> loudest;
  uint8_t loudest_level = SpeakerLevel::kSilence;
  for (const SpeakerLevel& l : levels) {
    if (l.level > config_.activity_level) continue;
    // Lower −dBov is louder; on a tie the current speaker keeps it, then the lower id.
    const bool louder = !loudest || l.level < loudest_level ||
                        (l.level == loudest_level && l.participant == speaker_) ||
                        (l.level == loudest_level && *loudest != speaker_ && l.participant < *loudest);
    if (louder) {
      loudest = l.participant;
      loudest_level = l.level;
    }
  }
  return Step(now, loudest);
}

void VoiceSwitch::TakeMain(ParticipantId id, Timestamp now) {
  if (speaker_) previous_ = speaker_;
  speaker_ = id;
  speaker_since_ = now;
  state_ = VoiceSwitchState::kHolding;
}

bool VoiceSwitch::Step(Timestamp now, std::optional<ParticipantId> loudest) {
  // Candidate tracking: a different loudest voice restarts the clock; silence does not.
  if (loudest && loudest != candidate_) {
    candidate_ = loudest;
    candidate_since_ = now;
  }
  const bool dominant = candidate_ && candidate_ != speaker_ && now - candidate_since_ >= config_.dominance;

  switch (state_) {
    case VoiceSwitchState::kNoSpeaker:
      if (!dominant) return false;
      TakeMain(*candidate_, now);
      return true;
    case VoiceSwitchState::kHolding:
      if (now - speaker_since_ < config_.min_hold) return false;
      state_ = VoiceSwitchState::kSettled;
      [[fallthrough]];
    case VoiceSwitchState::kSettled:
      if (!dominant) return false;
      TakeMain(*candidate_, now);
      return true;
  }
  return false;
}

void VoiceSwitch::Remove(ParticipantId id, Timestamp now) {
  if (candidate_ == id) candidate_.reset();
  if (previous_ == id) previous_.reset();
  if (speaker_ != id) return;
  speaker_.reset();
  if (previous_) {
    const ParticipantId back = *previous_;
    previous_.reset();
    TakeMain(back, now);
  } else {
    state_ = VoiceSwitchState::kNoSpeaker;
  }
}

}  // namespace softmcu
