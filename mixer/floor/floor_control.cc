#include "mixer/floor/floor_control.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/check.h"

namespace softmcu {

const char* ToString(FloorEventKind kind) {
  switch (kind) {
    case FloorEventKind::kRequested:
      return "requested";
    case FloorEventKind::kCancelled:
      return "cancelled";
    case FloorEventKind::kGranted:
      return "granted";
    case FloorEventKind::kRevoked:
      return "revoked";
    case FloorEventKind::kReleased:
      return "released";
  }
  return "?";
}

const char* ToString(FloorActor actor) {
  switch (actor) {
    case FloorActor::kChair:
      return "chair";
    case FloorActor::kOperator:
      return "operator";
    case FloorActor::kApi:
      return "api";
    case FloorActor::kTerminal:
      return "terminal";
  }
  return "?";
}

const char* ToString(FloorState state) {
  switch (state) {
    case FloorState::kIdle:
      return "idle";
    case FloorState::kRequesting:
      return "requesting";
    case FloorState::kHolding:
      return "holding";
  }
  return "?";
}

const char* ToString(FloorAction action) {
  switch (action) {
    case FloorAction::kRequest:
      return "request";
    case FloorAction::kCancel:
      return "cancel";
    case FloorAction::kGrant:
      return "grant";
    case FloorAction::kRevoke:
      return "revoke";
    case FloorAction::kRelease:
      return "release";
  }
  return "?";
}

Result<void> FloorConfig::Validate() const {
  if (max_holders < 1 || max_holders > 16) {
    return MakeError(ErrorCode::kOutOfRange,
                     fmt::format("floor: max_holders = {} is outside 1..16", max_holders));
  }
  return {};
}

FloorControl::FloorControl(FloorConfig config) : config_(config) {
  SOFTMCU_CHECK(config_.Validate().has_value());
}

Result<FloorState> FloorControl::Transition(FloorState from, FloorAction action) {
  using S = FloorState;
  using A = FloorAction;
  switch (action) {
    case A::kRequest:
      if (from == S::kHolding) break;
      return S::kRequesting;  // from kRequesting: the duplicate is collapsed by the caller
    case A::kCancel:
      if (from != S::kRequesting) break;
      return S::kIdle;
    case A::kGrant:
      if (from == S::kHolding) break;
      return S::kHolding;
    case A::kRevoke:
    case A::kRelease:
      if (from != S::kHolding) break;
      return S::kIdle;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   fmt::format("cannot {} while {}", ToString(action),
                               from == S::kHolding      ? "holding the floor"
                               : from == S::kRequesting ? "a request is pending"
                                                        : "neither holding the floor nor requesting it"));
}

FloorControl::Participant* FloorControl::Find(ParticipantId id) {
  auto it =
      std::find_if(participants_.begin(), participants_.end(), [id](const auto& p) { return p.id == id; });
  return it == participants_.end() ? nullptr : &*it;
}

const FloorControl::Participant* FloorControl::Find(ParticipantId id) const {
  return const_cast<FloorControl*>(this)->Find(id);
}

Result<FloorControl::Participant*> FloorControl::Check(ParticipantId id, FloorAction action,
                                                       FloorActor actor) {
  Participant* p = Find(id);
  if (!p) return MakeError(ErrorCode::kNotFound, fmt::format("floor: unknown participant {}", id));
  if (p->role == ParticipantRole::kChair) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("floor: participant {} is the chair; it may always speak and is never queued", id));
  }
  // A branch point controls only its own request (Hà Giang art. 10.2.c).
  if (actor == FloorActor::kTerminal && (action == FloorAction::kGrant || action == FloorAction::kRevoke)) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("floor: a terminal cannot {} the floor (participant {})", ToString(action), id));
  }
  auto next = Transition(p->state, action);
  if (!next)
    return MakeError(next.error().code, fmt::format("floor: participant {} {}", id, next.error().message));
  return p;
}

void FloorControl::RemoveFromQueue(ParticipantId id) {
  std::erase_if(queue_, [id](const FloorRequest& r) { return r.participant == id; });
}

void FloorControl::RemoveFromHolders(ParticipantId id) {
  std::erase(holders_, id);
}

Result<void> FloorControl::AddParticipant(ParticipantId id, ParticipantRole role) {
  if (Find(id))
    return MakeError(ErrorCode::kAlreadyExists, fmt::format("floor: participant {} already added", id));
  participants_.push_back({id, role, FloorState::kIdle});
  return {};
}

Result<FloorEvents> FloorControl::RemoveParticipant(ParticipantId id, Timestamp now, FloorActor actor) {
  Participant* p = Find(id);
  if (!p) return MakeError(ErrorCode::kNotFound, fmt::format("floor: unknown participant {}", id));
  FloorEvents events;
  if (p->state == FloorState::kRequesting) events.push_back({FloorEventKind::kCancelled, id, now, actor});
  if (p->state == FloorState::kHolding) events.push_back({FloorEventKind::kReleased, id, now, actor});
  RemoveFromQueue(id);
  RemoveFromHolders(id);
  std::erase_if(participants_, [id](const Participant& q) { return q.id == id; });
  return events;
}

Result<FloorEvents> FloorControl::Request(ParticipantId id, Timestamp now, FloorActor actor) {
  auto p = Check(id, FloorAction::kRequest, actor);
  if (!p) return tl::unexpected(p.error());
  if ((*p)->state == FloorState::kRequesting) return FloorEvents{};  // keeps its place and time
  (*p)->state = FloorState::kRequesting;
  queue_.push_back({id, now});
  return FloorEvents{{FloorEventKind::kRequested, id, now, actor}};
}

Result<FloorEvents> FloorControl::Cancel(ParticipantId id, Timestamp now, FloorActor actor) {
  auto p = Check(id, FloorAction::kCancel, actor);
  if (!p) return tl::unexpected(p.error());
  (*p)->state = FloorState::kIdle;
  RemoveFromQueue(id);
  return FloorEvents{{FloorEventKind::kCancelled, id, now, actor}};
}

Result<FloorEvents> FloorControl::Grant(ParticipantId id, Timestamp now, FloorActor actor) {
  auto p = Check(id, FloorAction::kGrant, actor);
  if (!p) return tl::unexpected(p.error());
  FloorEvents events;
  if (config_.exclusivity == FloorExclusivity::kExclusive) {
    for (ParticipantId previous : holders_) {
      Find(previous)->state = FloorState::kIdle;
      events.push_back({FloorEventKind::kRevoked, previous, now, actor});
    }
    holders_.clear();
  } else if (holders_.size() >= config_.max_holders) {
    return MakeError(
        ErrorCode::kUnavailable,
        fmt::format("floor: cannot grant participant {}: {} holders already (max {}); revoke one first", id,
                    holders_.size(), config_.max_holders));
  }
  (*p)->state = FloorState::kHolding;
  RemoveFromQueue(id);
  holders_.push_back(id);
  events.push_back({FloorEventKind::kGranted, id, now, actor});
  return events;
}

Result<FloorEvents> FloorControl::GrantNext(Timestamp now, FloorActor actor) {
  if (queue_.empty()) return MakeError(ErrorCode::kNotFound, "floor: no request is queued");
  return Grant(queue_.front().participant, now, actor);
}

Result<FloorEvents> FloorControl::Revoke(ParticipantId id, Timestamp now, FloorActor actor) {
  auto p = Check(id, FloorAction::kRevoke, actor);
  if (!p) return tl::unexpected(p.error());
  (*p)->state = FloorState::kIdle;
  RemoveFromHolders(id);
  return FloorEvents{{FloorEventKind::kRevoked, id, now, actor}};
}

Result<FloorEvents> FloorControl::Release(ParticipantId id, Timestamp now, FloorActor actor) {
  auto p = Check(id, FloorAction::kRelease, actor);
  if (!p) return tl::unexpected(p.error());
  (*p)->state = FloorState::kIdle;
  RemoveFromHolders(id);
  return FloorEvents{{FloorEventKind::kReleased, id, now, actor}};
}

std::optional<FloorState> FloorControl::StateOf(ParticipantId id) const {
  const Participant* p = Find(id);
  if (!p) return std::nullopt;
  return p->state;
}

bool FloorControl::MaySpeak(ParticipantId id) const {
  const Participant* p = Find(id);
  return p && (p->role == ParticipantRole::kChair || p->state == FloorState::kHolding);
}

}  // namespace softmcu
