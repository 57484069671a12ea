#pragma once
// The distinct views that the current receivers need (DESIGN.md "The media path"): a view
// is (layout, tile assignment, canvas size, bitrate tier); receivers that need the same one
// share it, and so share one encoder. Views that differ only in tier share one
// COMPOSITION (the canvas is composed once and encoded once per tier).
//
// The conference states the whole receiver -> view map at once (Apply), after every
// change of roster, floor, speaker or layout. Identity is kept where it can be: a group of
// receivers whose picture changed together (the speaker moved to the main tile) keeps its
// view id, so its encoder goes on with a P-frame rather than a new stream. A view's id is
// reused by the new group that most of its subscribers belong to; compositions likewise
// (weighted by subscribers). Ids are never reused for another view later.
//
// Pure bookkeeping, no pixels: VideoMixer keeps one ViewCompositor per composition.
// Control plane (allocates); one thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"
#include "mixer/assignment/tile_assigner.h"
#include "mixer/layout/canvas_mapper.h"
#include "mixer/layout/layout.h"

namespace softmcu {

using ViewId = uint32_t;
using CompositionId = uint32_t;

struct ViewSpec {
  Layout layout;
  TileAssignment assignment;  // one slot per layout tile
  CanvasSize canvas;
  DataRate tier;  // the encoder's target rate: the conference quantises budgets into tiers

  bool SameComposition(const ViewSpec& other) const {
    return canvas == other.canvas && assignment == other.assignment && layout == other.layout;
  }
  friend bool operator==(const ViewSpec&, const ViewSpec&) = default;
};

struct ReceiverView {
  ParticipantId receiver = 0;
  ViewSpec spec;
};

struct ViewSetChanges {
  std::vector<ViewId> created;
  std::vector<ViewId> removed;
  std::vector<ViewId> updated;  // same id, new picture: its encoder continues
  // Receivers that now watch another view than before (new receivers included): route
  // them to that view's encoder and send them a keyframe.
  std::vector<ParticipantId> moved;
  std::vector<CompositionId> compositions_created;
  std::vector<CompositionId> compositions_removed;
};

class ViewSet {
 public:
  struct View {
    ViewId id = 0;
    ViewSpec spec;
    CompositionId composition = 0;
    size_t subscribers = 0;
  };
  struct Composition {
    CompositionId id = 0;
    ViewSpec spec;  // its views' spec; the tier is the first view's and means nothing here
    size_t subscribers = 0;
  };

  // Replaces the receiver -> view map. Errors (nothing changes): kInvalidArgument for a
  // receiver listed twice, an assignment whose size differs from its layout's tile count,
  // or a tier <= 0; kOutOfRange for an invalid canvas size. Errors name the receiver.
  Result<ViewSetChanges> Apply(std::span<const ReceiverView> receivers);

  std::span<const View> views() const { return views_; }
  std::span<const Composition> compositions() const { return compositions_; }
  const View* FindView(ViewId id) const;
  const Composition* FindComposition(CompositionId id) const;
  std::optional<ViewId> ViewOf(ParticipantId receiver) const;

 private:
  struct Subscription {
    ParticipantId receiver;
    ViewId view;
  };

  // Groups the new views by picture; each group claims the old composition most of its
  // subscribers were shown, or gets a new id. Sets each view's composition.
  std::vector<Composition> GroupCompositions(std::vector<View>& views, ViewSetChanges& changes);

  std::vector<View> views_;
  std::vector<Composition> compositions_;
  std::vector<Subscription> subscriptions_;
  ViewId next_view_id_ = 1;
  CompositionId next_composition_id_ = 1;
};

}  // namespace softmcu
