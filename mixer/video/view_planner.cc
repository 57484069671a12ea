#include "mixer/video/view_planner.h"

namespace softmcu {

Result<std::vector<ReceiverView>> PlanViews(const Layout& room_layout, const TileAssignmentInput& room,
                                            RoomViewPolicy policy, std::span<const ReceiverRequest> receivers) {
  const TileAssigner room_assigner(room_layout);
  auto shared = room_assigner.Assign(room);
  if (!shared) return tl::unexpected(shared.error());

  std::vector<ReceiverView> out;
  out.reserve(receivers.size());
  for (const ReceiverRequest& request : receivers) {
    const bool personal = policy.personal_layouts == PersonalLayouts::kAllowed && request.personal_layout &&
                          !(*request.personal_layout == room_layout);
    const Layout& layout = personal ? *request.personal_layout : room_layout;
    const TileAssigner assigner(layout);
    Result<TileAssignment> assignment = personal ? assigner.Assign(room) : *shared;
    if (assignment && policy.self_view == SelfView::kExcluded &&
        TileAssigner::NeedsOwnView(*assignment, request.receiver)) {
      assignment = assigner.AssignFor(room, request.receiver);
    }
    if (!assignment) return tl::unexpected(assignment.error());
    out.push_back({request.receiver, ViewSpec{layout, std::move(*assignment), request.canvas, request.tier}});
  }
  return out;
}

}  // namespace softmcu
