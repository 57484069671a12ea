#include "conference/room/participant_state.h"

#include <fmt/format.h>

namespace softmcu {

std::string_view ToString(ParticipantState state) {
  switch (state) {
    case ParticipantState::kRinging: return "ringing";
    case ParticipantState::kConnected: return "connected";
    case ParticipantState::kLost: return "lost";
    case ParticipantState::kDisconnected: return "disconnected";
  }
  return "?";
}

std::string_view ToString(ParticipantEvent event) {
  switch (event) {
    case ParticipantEvent::kAnswered: return "answered";
    case ParticipantEvent::kMediaLost: return "media lost";
    case ParticipantEvent::kMediaResumed: return "media resumed";
    case ParticipantEvent::kRedialing: return "redialing";
    case ParticipantEvent::kLeft: return "left";
  }
  return "?";
}

Result<ParticipantState> NextState(ParticipantState from, ParticipantEvent event) {
  using S = ParticipantState;
  using E = ParticipantEvent;
  if (event == E::kLeft && from != S::kDisconnected) return S::kDisconnected;
  switch (from) {
    case S::kRinging:
      if (event == E::kAnswered) return S::kConnected;
      if (event == E::kMediaLost) return S::kLost;  // a redial attempt failed
      if (event == E::kRedialing) return S::kRinging;
      break;
    case S::kConnected:
      if (event == E::kMediaLost) return S::kLost;
      if (event == E::kAnswered || event == E::kMediaResumed) return S::kConnected;  // re-INVITE, blip
      break;
    case S::kLost:
      if (event == E::kRedialing) return S::kRinging;
      if (event == E::kMediaResumed || event == E::kAnswered) return S::kConnected;
      if (event == E::kMediaLost) return S::kLost;
      break;
    case S::kDisconnected:
      break;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("a {} participant cannot be {}", ToString(from), ToString(event)));
}

}  // namespace softmcu
