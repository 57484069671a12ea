#pragma once
// Who is shown in which tile of a layout (DESIGN.md "Operating model in the product").
//
// Rules, in priority order:
//  1. HIDDEN points are never shown (nor is the receiver itself in a self-view-excluded
//     variant, AssignFor()).
//  2. The MAIN tile (if the layout has one) shows, of the points not excluded by 1:
//     the chair when the operator pins it (ChairPin::kPinned); otherwise in
//     chair-controlled mode the floor holder (the one speaking, else the latest granted),
//     falling back to the chair; in open mode the active speaker (VoiceSwitch), then the
//     previous speaker, then the chair; failing all, the first point in join order. If the
//     seating plan fixes someone ON the main tile, that wins and main is not switched.
//  3. SEATING PLAN: a point with a fixed tile is shown there — unless it is on the main
//     tile right now; then its own tile is filled like any other free tile (no point is
//     ever shown twice).
//  4. The remaining tiles are filled in tile-index order with the remaining points in
//     JOIN ORDER, so the picture is stable; when there are more points than tiles, floor
//     holders and the active speaker are shown anyway, taking the place of the last
//     auto-filled point(s).
//  5. LOST points keep their place, marked TileSignal::kNoSignal (the compositor draws a
//     "no signal" slate). Tiles left over are kEmpty.
//
// Stateless and deterministic: the same input gives the same assignment; the floor holder
// who loses main goes back to its join-order place by itself. Control plane (runs on floor,
// speaker or roster changes, not per frame): allocates its result.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "mixer/floor/floor_types.h"
#include "mixer/layout/layout.h"

namespace softmcu {

enum class ConnectionState { kConnected, kLost };
enum class Visibility { kShown, kHidden };
enum class ChairPin { kOff, kPinned };

struct TileParticipant {
  ParticipantId id = 0;
  ParticipantRole role = ParticipantRole::kBranch;
  ConnectionState connection = ConnectionState::kConnected;
  Visibility visibility = Visibility::kShown;
  std::optional<size_t> fixed_tile;  // the seating plan: operator-assigned tile index
};

struct TileAssignmentInput {
  std::span<const TileParticipant> participants;  // in join order
  SpeakingMode mode = SpeakingMode::kChairControlled;
  std::span<const ParticipantId> floor_holders;   // FloorControl::holders(): oldest grant first
  std::optional<ParticipantId> active_speaker;    // VoiceSwitch::speaker()
  std::optional<ParticipantId> previous_speaker;  // VoiceSwitch::previous_speaker()
  ChairPin chair_pin = ChairPin::kOff;
};

// Why a tile shows whom it shows.
enum class TileFill { kEmpty, kMain, kFixed, kAuto };
enum class TileSignal { kNone, kLive, kNoSignal };

struct TileSlot {
  std::optional<ParticipantId> participant;
  TileFill fill = TileFill::kEmpty;
  TileSignal signal = TileSignal::kNone;
  friend bool operator==(const TileSlot&, const TileSlot&) = default;
};

struct TileAssignment {
  std::vector<TileSlot> tiles;  // one per layout tile, same index
  std::optional<size_t> TileOf(ParticipantId id) const;
  friend bool operator==(const TileAssignment&, const TileAssignment&) = default;
};

class TileAssigner {
 public:
  explicit TileAssigner(Layout layout) : layout_(std::move(layout)) {}

  // Errors (the seating plan or the roster is inconsistent): kInvalidArgument for a
  // participant listed twice, kOutOfRange for a fixed tile the layout does not have,
  // kAlreadyExists for two participants fixed to one tile.
  Result<TileAssignment> Assign(const TileAssignmentInput& input) const;
  // The variant for a receiver that must not see itself (self-view exclusion): the same
  // rules with `receiver` left out, so it sees the next main candidate instead.
  Result<TileAssignment> AssignFor(const TileAssignmentInput& input, ParticipantId receiver) const;
  // Whether `receiver` needs its own variant: it appears in the shared assignment.
  static bool NeedsOwnView(const TileAssignment& shared, ParticipantId receiver) {
    return shared.TileOf(receiver).has_value();
  }

  const Layout& layout() const { return layout_; }

 private:
  Result<TileAssignment> AssignExcluding(const TileAssignmentInput& input,
                                         std::optional<ParticipantId> excluded) const;

  const Layout layout_;
};

}  // namespace softmcu
