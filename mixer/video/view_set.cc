#include "mixer/video/view_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

namespace softmcu {
namespace {

// An old id one member of a new group had, with the member's weight.
struct Vote {
  uint32_t old_id;
  size_t weight;
};

// For each new group, the unclaimed old id with the most weight among its votes (ties go
// to the older id), or nullopt: the group gets a new id. Heavier groups choose first, so
// the biggest audience keeps its stream.
std::vector<std::optional<uint32_t>> ClaimIds(const std::vector<std::vector<Vote>>& votes,
                                              const std::vector<size_t>& group_weight) {
  std::vector<size_t> order(votes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return group_weight[a] > group_weight[b]; });
  std::vector<uint32_t> claimed;
  std::vector<std::optional<uint32_t>> out(votes.size());
  for (size_t g : order) {
    std::vector<Vote> tally;
    for (const Vote& v : votes[g]) {
      if (std::find(claimed.begin(), claimed.end(), v.old_id) != claimed.end()) continue;
      auto it = std::find_if(tally.begin(), tally.end(), [&](const Vote& t) { return t.old_id == v.old_id; });
      if (it == tally.end()) {
        tally.push_back(v);
      } else {
        it->weight += v.weight;
      }
    }
    auto best = std::min_element(tally.begin(), tally.end(), [](const Vote& a, const Vote& b) {
      return a.weight != b.weight ? a.weight > b.weight : a.old_id < b.old_id;
    });
    if (best != tally.end()) {
      claimed.push_back(best->old_id);
      out[g] = best->old_id;
    }
  }
  return out;
}

Result<void> Validate(std::span<const ReceiverView> receivers) {
  for (size_t i = 0; i < receivers.size(); ++i) {
    const ReceiverView& r = receivers[i];
    for (size_t j = 0; j < i; ++j) {
      if (receivers[j].receiver == r.receiver) {
        return MakeError(ErrorCode::kInvalidArgument, fmt::format("views: receiver {} is listed twice", r.receiver));
      }
    }
    if (!r.spec.canvas.IsValid()) {
      return MakeError(ErrorCode::kOutOfRange,
                       fmt::format("views: receiver {}: canvas {}x{} is not an even size from {}x{} to {}", r.receiver,
                                   r.spec.canvas.width, r.spec.canvas.height, CanvasSize::kMinWidth,
                                   CanvasSize::kMinHeight, CanvasSize::kMaxDimension));
    }
    if (r.spec.assignment.tiles.size() != r.spec.layout.tile_count()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("views: receiver {}: the assignment has {} tiles but layout \"{}\" has {}",
                                   r.receiver, r.spec.assignment.tiles.size(), r.spec.layout.name(),
                                   r.spec.layout.tile_count()));
    }
    if (r.spec.tier.bps() <= 0) {
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("views: receiver {}: bitrate tier must be positive", r.receiver));
    }
  }
  return {};
}

}  // namespace

const ViewSet::View* ViewSet::FindView(ViewId id) const {
  auto it = std::find_if(views_.begin(), views_.end(), [id](const View& v) { return v.id == id; });
  return it == views_.end() ? nullptr : &*it;
}

const ViewSet::Composition* ViewSet::FindComposition(CompositionId id) const {
  auto it = std::find_if(compositions_.begin(), compositions_.end(), [id](const auto& c) { return c.id == id; });
  return it == compositions_.end() ? nullptr : &*it;
}

std::optional<ViewId> ViewSet::ViewOf(ParticipantId receiver) const {
  for (const Subscription& s : subscriptions_)
    if (s.receiver == receiver) return s.view;
  return std::nullopt;
}

std::vector<ViewSet::Composition> ViewSet::GroupCompositions(std::vector<View>& views, ViewSetChanges& changes) {
  // Compositions: views that differ only in tier share one; each group of views claims
  // the old composition that most of their subscribers were shown.
  std::vector<std::vector<size_t>> composition_groups;  // indices into `views`
  for (size_t v = 0; v < views.size(); ++v) {
    auto it = std::find_if(composition_groups.begin(), composition_groups.end(), [&](const auto& group) {
      return views[group.front()].spec.SameComposition(views[v].spec);
    });
    if (it == composition_groups.end()) {
      composition_groups.push_back({v});
    } else {
      it->push_back(v);
    }
  }
  std::vector<std::vector<Vote>> composition_votes(composition_groups.size());
  std::vector<size_t> composition_weights(composition_groups.size(), 0);
  for (size_t c = 0; c < composition_groups.size(); ++c) {
    for (size_t v : composition_groups[c]) {
      composition_weights[c] += views[v].subscribers;
      if (const View* old = FindView(views[v].id)) {
        composition_votes[c].push_back({old->composition, views[v].subscribers});
      }
    }
  }
  const auto composition_ids = ClaimIds(composition_votes, composition_weights);
  std::vector<Composition> compositions;
  for (size_t c = 0; c < composition_groups.size(); ++c) {
    const CompositionId id = composition_ids[c].value_or(next_composition_id_);
    if (!composition_ids[c]) {
      ++next_composition_id_;
      changes.compositions_created.push_back(id);
    }
    for (size_t v : composition_groups[c]) views[v].composition = id;
    compositions.push_back({id, views[composition_groups[c].front()].spec, composition_weights[c]});
  }
  for (const Composition& old : compositions_) {
    if (std::none_of(compositions.begin(), compositions.end(), [&](const auto& c) { return c.id == old.id; })) {
      changes.compositions_removed.push_back(old.id);
    }
  }
  return compositions;
}

Result<ViewSetChanges> ViewSet::Apply(std::span<const ReceiverView> receivers) {
  if (auto ok = Validate(receivers); !ok) return tl::unexpected(ok.error());

  // Receivers grouped by the view they need.
  struct Group {
    const ViewSpec* spec;
    std::vector<ParticipantId> receivers;
  };
  std::vector<Group> groups;
  for (const ReceiverView& r : receivers) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return *g.spec == r.spec; });
    if (it == groups.end()) {
      groups.push_back({&r.spec, {r.receiver}});
    } else {
      it->receivers.push_back(r.receiver);
    }
  }

  // Views: each group claims the old view most of its receivers watched.
  std::vector<std::vector<Vote>> votes(groups.size());
  std::vector<size_t> weights(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    weights[g] = groups[g].receivers.size();
    for (ParticipantId receiver : groups[g].receivers) {
      if (auto old = ViewOf(receiver)) votes[g].push_back({*old, 1});
    }
  }
  const auto view_ids = ClaimIds(votes, weights);
  ViewSetChanges changes;
  std::vector<View> views;
  for (size_t g = 0; g < groups.size(); ++g) {
    View view{.id = view_ids[g].value_or(next_view_id_), .spec = *groups[g].spec, .subscribers = weights[g]};
    if (!view_ids[g]) {
      ++next_view_id_;
      changes.created.push_back(view.id);
    } else if (!(FindView(view.id)->spec == view.spec)) {
      changes.updated.push_back(view.id);
    }
    views.push_back(std::move(view));
  }
  for (const View& old : views_) {
    if (std::none_of(views.begin(), views.end(), [&](const View& v) { return v.id == old.id; })) {
      changes.removed.push_back(old.id);
    }
  }

  std::vector<Composition> compositions = GroupCompositions(views, changes);

  std::vector<Subscription> subscriptions;
  for (size_t g = 0; g < groups.size(); ++g) {
    for (ParticipantId receiver : groups[g].receivers) {
      const ViewId id = views[g].id;
      if (ViewOf(receiver) != id) changes.moved.push_back(receiver);
      subscriptions.push_back({receiver, id});
    }
  }
  views_ = std::move(views);
  compositions_ = std::move(compositions);
  subscriptions_ = std::move(subscriptions);
  return changes;
}

}  // namespace softmcu
