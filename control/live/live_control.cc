#include "control/live/live_control.h"

namespace softmcu::control {

const char* ToString(LiveErrorCode code) {
  switch (code) {
    case LiveErrorCode::kUnknownRoom: return "live.unknown_room";
    case LiveErrorCode::kUnknownParticipant: return "live.unknown_participant";
    case LiveErrorCode::kNotAllowed: return "live.not_allowed";
    case LiveErrorCode::kInvalidArgument: return "live.invalid";
    case LiveErrorCode::kUnavailable: return "live.unavailable";
  }
  return "live.unavailable";
}

const char* ToString(ParticipantState state) {
  switch (state) {
    case ParticipantState::kDialing: return "dialing";
    case ParticipantState::kRinging: return "ringing";
    case ParticipantState::kConnected: return "connected";
    case ParticipantState::kTesting: return "testing";
    case ParticipantState::kLost: return "lost";
    case ParticipantState::kDisconnected: return "disconnected";
    case ParticipantState::kFailed: return "failed";
  }
  return "failed";
}

const char* ToString(ParticipantFloor floor) {
  switch (floor) {
    case ParticipantFloor::kNone: return "none";
    case ParticipantFloor::kRequesting: return "requesting";
    case ParticipantFloor::kHolding: return "holding";
  }
  return "none";
}

const char* ToString(MeetingPhase phase) {
  switch (phase) {
    case MeetingPhase::kIdle: return "idle";
    case MeetingPhase::kTest: return "test";
    case MeetingPhase::kLive: return "live";
  }
  return "idle";
}

LiveResult<std::string> LiveControl::PreviewJpeg(std::string_view, std::optional<ParticipantId>) {
  return tl::unexpected(LiveError{LiveErrorCode::kUnavailable, "this engine makes no previews"});
}

}  // namespace softmcu::control
