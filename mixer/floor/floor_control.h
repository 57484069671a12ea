#pragma once
// Who has the floor (DESIGN.md "Operating model in the product"): branch points ask to
// speak (DTMF key, SIP INFO, console), requests queue FIFO on the chair's console, the chair
// grants and revokes, a holder may release. The chair itself always may speak and is never
// queued.
//
// A pure state machine (CONVENTIONS.md §10): every action takes the time and who did it,
// and returns the events it caused — in order — for the console, the logbook, the tile
// assigner and the audio mixer. No I/O, no clock, no callbacks. One thread (the
// conference's control thread); not thread-safe.
//
// Per participant: kIdle → kRequesting → kHolding → kIdle; transitions are in
// FloorControl::Transition, the only place that decides whether an action is legal.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "mixer/floor/floor_types.h"

namespace softmcu {

enum class FloorEventKind { kRequested, kCancelled, kGranted, kRevoked, kReleased };
// Who performed the action: the chair's console, the MCU operator, the HTTP API, or the
// terminal itself (remote-control key). A terminal may only act for itself.
enum class FloorActor { kChair, kOperator, kApi, kTerminal };
enum class FloorState { kIdle, kRequesting, kHolding };
enum class FloorAction { kRequest, kCancel, kGrant, kRevoke, kRelease };
// kExclusive: one holder; granting the floor revokes the previous holder.
// kShared: up to FloorConfig::max_holders at once (a panel discussion).
enum class FloorExclusivity { kExclusive, kShared };

const char* ToString(FloorEventKind kind);
const char* ToString(FloorActor actor);
const char* ToString(FloorState state);
const char* ToString(FloorAction action);

struct FloorEvent {
  FloorEventKind kind = FloorEventKind::kRequested;
  ParticipantId participant = 0;
  Timestamp time;
  FloorActor actor = FloorActor::kChair;
  friend bool operator==(const FloorEvent&, const FloorEvent&) = default;
};
using FloorEvents = std::vector<FloorEvent>;

struct FloorConfig {
  FloorExclusivity exclusivity = FloorExclusivity::kExclusive;
  size_t max_holders = 4;  // kShared only; 1..16
  Result<void> Validate() const;
};

struct FloorRequest {
  ParticipantId participant = 0;
  Timestamp requested_at;
  friend bool operator==(const FloorRequest&, const FloorRequest&) = default;
};

class FloorControl {
 public:
  // `config` must be valid (FloorConfig::Validate()).
  explicit FloorControl(FloorConfig config);

  // Control-plane errors: kNotFound for an unknown participant, kAlreadyExists for a
  // second AddParticipant, kInvalidArgument for an action illegal in the current state or
  // for the actor, kUnavailable when a shared floor is full. The state is unchanged on
  // error.
  Result<void> AddParticipant(ParticipantId id, ParticipantRole role);
  // Leaving cancels a pending request or releases a held floor (those events are returned).
  Result<FloorEvents> RemoveParticipant(ParticipantId id, Timestamp now, FloorActor actor);

  // A second request from a queued point is collapsed: it keeps its first place and time,
  // and no event is emitted.
  Result<FloorEvents> Request(ParticipantId id, Timestamp now, FloorActor actor);
  Result<FloorEvents> Cancel(ParticipantId id, Timestamp now, FloorActor actor);
  // The point need not have asked (the chair may call on anyone). It leaves the queue.
  Result<FloorEvents> Grant(ParticipantId id, Timestamp now, FloorActor actor);
  // Grants the head of the queue; kNotFound if the queue is empty.
  Result<FloorEvents> GrantNext(Timestamp now, FloorActor actor);
  Result<FloorEvents> Revoke(ParticipantId id, Timestamp now, FloorActor actor);
  Result<FloorEvents> Release(ParticipantId id, Timestamp now, FloorActor actor);

  // The pure transition table. Errors carry the reason in words.
  static Result<FloorState> Transition(FloorState from, FloorAction action);

  std::span<const FloorRequest> queue() const { return queue_; }
  // In grant order, oldest first.
  std::span<const ParticipantId> holders() const { return holders_; }
  // nullopt for an unknown participant; chairs are always kIdle (they need no floor).
  std::optional<FloorState> StateOf(ParticipantId id) const;
  // Whether the point's microphone is open by the floor rules: the chair, or a holder.
  bool MaySpeak(ParticipantId id) const;
  const FloorConfig& config() const { return config_; }

 private:
  struct Participant {
    ParticipantId id;
    ParticipantRole role;
    FloorState state;
  };

  Participant* Find(ParticipantId id);
  const Participant* Find(ParticipantId id) const;
  // Looks up, refuses chairs and unauthorised actors, and runs Transition.
  Result<Participant*> Check(ParticipantId id, FloorAction action, FloorActor actor);
  void RemoveFromQueue(ParticipantId id);
  void RemoveFromHolders(ParticipantId id);

  const FloorConfig config_;
  std::vector<Participant> participants_;
  std::vector<FloorRequest> queue_;
  std::vector<ParticipantId> holders_;
};

}  // namespace softmcu
