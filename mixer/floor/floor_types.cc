#include "mixer/floor/floor_types.h"

namespace softmcu {

const char* ToString(ParticipantRole role) {
  switch (role) {
    case ParticipantRole::kChair:
      return "chair";
    case ParticipantRole::kBranch:
      return "branch";
  }
  return "?";
}

const char* ToString(SpeakingMode mode) {
  switch (mode) {
    case SpeakingMode::kChairControlled:
      return "chair-controlled";
    case SpeakingMode::kOpen:
      return "open";
  }
  return "?";
}

}  // namespace softmcu
