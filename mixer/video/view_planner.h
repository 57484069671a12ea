#pragma once
// Which view each receiver needs, from the room's state: the policy half of "views"
// (ViewSet/VideoMixer do the bookkeeping and the pixels).
//
// Everyone sees the room's layout with the room's shared assignment, at the canvas size
// and tier chosen for it, so receivers share views (and encoders). A receiver gets a
// picture of its own only when it really needs one and the room enables it:
//  - self-view exclusion (RoomViewPolicy::self_view = kExcluded): a receiver that appears
//    in the shared picture sees the variant without itself (TileAssigner::AssignFor);
//    receivers not shown keep the shared one;
//  - a personal layout (personal_layouts = kAllowed): the receiver's own layout, filled by
//    the same rules. A requested personal layout is ignored when the room does not allow
//    them (the room's operator decides, not the terminal).
// Pure function; control plane (allocates).

#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "mixer/video/view_set.h"

namespace softmcu {

enum class SelfView { kShown, kExcluded };
enum class PersonalLayouts { kOff, kAllowed };

struct RoomViewPolicy {
  SelfView self_view = SelfView::kShown;
  PersonalLayouts personal_layouts = PersonalLayouts::kOff;
};

struct ReceiverRequest {
  ParticipantId receiver = 0;
  CanvasSize canvas;
  DataRate tier;
  std::optional<Layout> personal_layout;
};

// Errors come from TileAssigner (an inconsistent seating plan or roster).
Result<std::vector<ReceiverView>> PlanViews(const Layout& room_layout, const TileAssignmentInput& room,
                                            RoomViewPolicy policy, std::span<const ReceiverRequest> receivers);

}  // namespace softmcu
