#include "mixer/assignment/tile_assigner.h"

#include <fmt/format.h>

#include <algorithm>

namespace softmcu {
namespace {

// The roster with the exclusions of rule 1 applied, and lookups over it.
class Roster {
 public:
  Roster(std::span<const TileParticipant> all, std::optional<ParticipantId> excluded)
      : all_(all), excluded_(excluded) {}

  const TileParticipant* Find(ParticipantId id) const {
    auto it = std::find_if(all_.begin(), all_.end(), [id](const auto& p) { return p.id == id; });
    return it == all_.end() ? nullptr : &*it;
  }
  bool Showable(const TileParticipant& p) const {
    return p.visibility == Visibility::kShown && p.id != excluded_;
  }
  bool Showable(std::optional<ParticipantId> id) const {
    const TileParticipant* p = id ? Find(*id) : nullptr;
    return p && Showable(*p);
  }
  std::optional<ParticipantId> FirstChair() const {
    for (const auto& p : all_)
      if (p.role == ParticipantRole::kChair && Showable(p)) return p.id;
    return std::nullopt;
  }
  std::span<const TileParticipant> all() const { return all_; }

 private:
  std::span<const TileParticipant> all_;
  std::optional<ParticipantId> excluded_;
};

Result<void> Validate(const TileAssignmentInput& input, const Layout& layout) {
  std::vector<std::optional<ParticipantId>> fixed_owner(layout.tile_count());
  for (size_t i = 0; i < input.participants.size(); ++i) {
    const TileParticipant& p = input.participants[i];
    for (size_t j = 0; j < i; ++j) {
      if (input.participants[j].id == p.id) {
        return MakeError(ErrorCode::kInvalidArgument,
                         fmt::format("tile assignment: participant {} listed twice", p.id));
      }
    }
    if (!p.fixed_tile) continue;
    if (*p.fixed_tile >= layout.tile_count()) {
      return MakeError(
          ErrorCode::kOutOfRange,
          fmt::format("tile assignment: participant {} is seated at tile {}, but layout \"{}\" has {} tiles",
                      p.id, *p.fixed_tile, layout.name(), layout.tile_count()));
    }
    if (auto& owner = fixed_owner[*p.fixed_tile]) {
      return MakeError(ErrorCode::kAlreadyExists,
                       fmt::format("tile assignment: participants {} and {} are both seated at tile {}",
                                   *owner, p.id, *p.fixed_tile));
    }
    fixed_owner[*p.fixed_tile] = p.id;
  }
  return {};
}

// Rule 2: the main tile's occupant.
std::optional<ParticipantId> ChooseMain(const TileAssignmentInput& in, const Roster& roster) {
  if (in.chair_pin == ChairPin::kPinned) {
    if (auto chair = roster.FirstChair()) return chair;
  }
  if (in.mode == SpeakingMode::kChairControlled) {
    const auto& holders = in.floor_holders;
    if (in.active_speaker && std::find(holders.begin(), holders.end(), *in.active_speaker) != holders.end() &&
        roster.Showable(in.active_speaker)) {
      return in.active_speaker;
    }
    for (auto it = holders.rbegin(); it != holders.rend(); ++it) {
      if (roster.Showable(*it)) return *it;
    }
  } else {
    if (roster.Showable(in.active_speaker)) return in.active_speaker;
    if (roster.Showable(in.previous_speaker)) return in.previous_speaker;
  }
  if (auto chair = roster.FirstChair()) return chair;
  for (const auto& p : roster.all())
    if (roster.Showable(p)) return p.id;
  return std::nullopt;
}

TileSlot Slot(const TileParticipant& p, TileFill fill) {
  return TileSlot{p.id, fill,
                  p.connection == ConnectionState::kLost ? TileSignal::kNoSignal : TileSignal::kLive};
}

}  // namespace

std::optional<size_t> TileAssignment::TileOf(ParticipantId id) const {
  for (size_t i = 0; i < tiles.size(); ++i)
    if (tiles[i].participant == id) return i;
  return std::nullopt;
}

Result<TileAssignment> TileAssigner::Assign(const TileAssignmentInput& input) const {
  return AssignExcluding(input, std::nullopt);
}

Result<TileAssignment> TileAssigner::AssignFor(const TileAssignmentInput& input,
                                               ParticipantId receiver) const {
  return AssignExcluding(input, receiver);
}

Result<TileAssignment> TileAssigner::AssignExcluding(const TileAssignmentInput& input,
                                                     std::optional<ParticipantId> excluded) const {
  if (auto ok = Validate(input, layout_); !ok) return tl::unexpected(ok.error());
  const Roster roster(input.participants, excluded);
  TileAssignment out;
  out.tiles.resize(layout_.tile_count());
  auto shown = [&](ParticipantId id) { return out.TileOf(id).has_value(); };

  // Rule 2 (with rule 3's exception: someone seated on the main tile keeps it).
  const std::optional<size_t> main = layout_.main_tile();
  if (main) {
    const auto seated = std::find_if(roster.all().begin(), roster.all().end(), [&](const auto& p) {
      return p.fixed_tile == main && roster.Showable(p);
    });
    if (seated != roster.all().end()) {
      out.tiles[*main] = Slot(*seated, TileFill::kFixed);
    } else if (auto id = ChooseMain(input, roster)) {
      out.tiles[*main] = Slot(*roster.Find(*id), TileFill::kMain);
    }
  }
  // Rule 3.
  for (const TileParticipant& p : roster.all()) {
    if (!p.fixed_tile || !roster.Showable(p) || shown(p.id)) continue;
    out.tiles[*p.fixed_tile] = Slot(p, TileFill::kFixed);
  }
  // Rule 4: join order into the free tiles; featured points displace the last ones.
  std::vector<size_t> free_tiles;
  for (size_t i = 0; i < out.tiles.size(); ++i)
    if (out.tiles[i].fill == TileFill::kEmpty) free_tiles.push_back(i);
  std::vector<const TileParticipant*> pending;
  for (const TileParticipant& p : roster.all())
    if (roster.Showable(p) && !shown(p.id)) pending.push_back(&p);

  auto featured = [&](const TileParticipant* p) {
    return p->id == input.active_speaker || std::find(input.floor_holders.begin(), input.floor_holders.end(),
                                                      p->id) != input.floor_holders.end();
  };
  std::vector<const TileParticipant*> chosen(
      pending.begin(), pending.begin() + static_cast<ptrdiff_t>(std::min(pending.size(), free_tiles.size())));
  for (size_t i = chosen.size(); i < pending.size(); ++i) {
    if (!featured(pending[i])) continue;
    auto victim = std::find_if(chosen.rbegin(), chosen.rend(), [&](const auto* p) { return !featured(p); });
    if (victim == chosen.rend()) break;  // every tile already shows a featured point
    *victim = pending[i];
  }
  for (size_t i = 0; i < chosen.size(); ++i) out.tiles[free_tiles[i]] = Slot(*chosen[i], TileFill::kAuto);
  return out;
}

}  // namespace softmcu
