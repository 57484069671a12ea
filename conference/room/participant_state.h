#pragma once
// A participant's connection state as the console shows it, with its transitions in one
// place (CONVENTIONS.md §4):
//
//   kRinging ──answered──► kConnected ──media timeout / BYE / session timer──► kLost
//      │                       ▲                                                  │
//      │                       └──────────────── redial answered / media back ────┘
//      └── failed / hung up ─► kDisconnected ◄── hung up by operator / gave up ────┘
//
// kRinging: we are calling it (dial-out or redial). kLost: it was in the meeting and is
// gone without leaving (the MCU redials it). kDisconnected: it left or was disconnected;
// it is removed from the room.

#include <string_view>

#include "core/result.h"

namespace softmcu {

enum class ParticipantState { kRinging, kConnected, kLost, kDisconnected };

enum class ParticipantEvent {
  kAnswered,      // a call (in or out) is up with media
  kMediaLost,     // no RTP for the timeout, BYE from the network side, session timer expired
  kMediaResumed,  // RTP flows again on the same call
  kRedialing,     // the MCU calls a lost point again
  kLeft,          // hung up by itself, by the operator, or the MCU gave up
};

std::string_view ToString(ParticipantState state);
std::string_view ToString(ParticipantEvent event);

// The only place that decides whether a transition is legal.
Result<ParticipantState> NextState(ParticipantState from, ParticipantEvent event);

}  // namespace softmcu
