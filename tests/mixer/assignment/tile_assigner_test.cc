#include "mixer/assignment/tile_assigner.h"

#include <gtest/gtest.h>

#include "mixer/layout/builtin_layouts.h"

namespace softmcu {
namespace {

constexpr ParticipantId kChair = 1;

TileParticipant Chair(ParticipantId id = kChair) {
  return {.id = id, .role = ParticipantRole::kChair};
}
TileParticipant Branch(ParticipantId id) {
  return {.id = id};
}
TileParticipant Seated(ParticipantId id, size_t tile) {
  return {.id = id, .fixed_tile = tile};
}
TileParticipant Hidden(ParticipantId id) {
  return {.id = id, .visibility = Visibility::kHidden};
}
TileParticipant Lost(ParticipantId id) {
  return {.id = id, .connection = ConnectionState::kLost};
}

// A roster of a chair and branches 2..n in join order.
std::vector<TileParticipant> Roster(ParticipantId n) {
  std::vector<TileParticipant> r = {Chair()};
  for (ParticipantId id = 2; id <= n; ++id) r.push_back(Branch(id));
  return r;
}

// Who is in each tile; 0 for an empty tile.
std::vector<ParticipantId> Shown(const TileAssignment& a) {
  std::vector<ParticipantId> ids;
  for (const TileSlot& s : a.tiles) ids.push_back(s.participant.value_or(0));
  return ids;
}

struct Scenario {
  const char* name;
  const char* layout;
  std::vector<TileParticipant> roster;
  SpeakingMode mode = SpeakingMode::kChairControlled;
  std::vector<ParticipantId> holders;
  std::optional<ParticipantId> speaker;
  std::optional<ParticipantId> previous;
  ChairPin pin = ChairPin::kOff;
  std::vector<ParticipantId> expected;  // per tile, 0 = empty
};

TileAssignmentInput InputOf(const Scenario& s) {
  return TileAssignmentInput{.participants = s.roster,
                             .mode = s.mode,
                             .floor_holders = s.holders,
                             .active_speaker = s.speaker,
                             .previous_speaker = s.previous,
                             .chair_pin = s.pin};
}

TEST(TileAssigner, Scenarios) {
  const std::vector<Scenario> scenarios = {
      {.name = "no floor: chair on main, branches in join order",
       .layout = "1+5",
       .roster = Roster(4),
       .expected = {1, 2, 3, 4, 0, 0}},
      {.name = "floor holder goes to main, chair back to a small tile",
       .layout = "1+5",
       .roster = Roster(4),
       .holders = {3},
       .expected = {3, 1, 2, 4, 0, 0}},
      {.name = "floor moves on: previous holder back to its join-order place",
       .layout = "1+5",
       .roster = Roster(4),
       .holders = {4},
       .expected = {4, 1, 2, 3, 0, 0}},
      {.name = "shared floor: the speaking holder has main",
       .layout = "1+5",
       .roster = Roster(4),
       .holders = {2, 4},
       .speaker = 2,
       .expected = {2, 1, 3, 4, 0, 0}},
      {.name = "shared floor, silent: the latest grant has main",
       .layout = "1+5",
       .roster = Roster(4),
       .holders = {2, 4},
       .expected = {4, 1, 2, 3, 0, 0}},
      {.name = "chair-controlled ignores a speaker without the floor",
       .layout = "1+5",
       .roster = Roster(4),
       .speaker = 3,
       .expected = {1, 2, 3, 4, 0, 0}},
      {.name = "chair pinned to main despite a floor holder",
       .layout = "1+5",
       .roster = Roster(4),
       .holders = {3},
       .pin = ChairPin::kPinned,
       .expected = {1, 2, 3, 4, 0, 0}},
      {.name = "open mode: active speaker on main",
       .layout = "1+5",
       .roster = Roster(4),
       .mode = SpeakingMode::kOpen,
       .speaker = 4,
       .expected = {4, 1, 2, 3, 0, 0}},
      {.name = "seating plan honoured, others fill around it",
       .layout = "3x3",
       .roster = {Chair(), Seated(2, 8), Branch(3), Seated(4, 0)},
       .expected = {4, 1, 3, 0, 0, 0, 0, 0, 2}},
      {.name = "seated point taking the floor moves to main; its seat is filled, not repeated",
       .layout = "1+5",
       .roster = {Chair(), Seated(2, 5), Branch(3), Branch(4)},
       .holders = {2},
       .expected = {2, 1, 3, 4, 0, 0}},
      {.name = "point seated on the main tile keeps it: no switching",
       .layout = "1+5",
       .roster = {Chair(), Branch(2), Seated(3, 0)},
       .holders = {2},
       .expected = {3, 1, 2, 0, 0, 0}},
      {.name = "hidden points are never shown, even holding the floor",
       .layout = "1+5",
       .roster = {Chair(), Hidden(2), Branch(3)},
       .holders = {2},
       .expected = {1, 3, 0, 0, 0, 0}},
      {.name = "hidden seated point leaves its seat to others",
       .layout = "2x2",
       .roster = {Chair(), {.id = 2, .visibility = Visibility::kHidden, .fixed_tile = 0}, Branch(3)},
       .expected = {1, 3, 0, 0}},
      {.name = "lost points keep their tile",
       .layout = "2x2",
       .roster = {Chair(), Lost(2), Branch(3)},
       .expected = {1, 2, 3, 0}},
      {.name = "more points than tiles: join order, holder shown in place of the last",
       .layout = "2x2",
       .roster = Roster(8),
       .holders = {7},
       .expected = {1, 2, 3, 7}},
      {.name = "more points than tiles, open: speaker shown in place of the last",
       .layout = "1+5",
       .roster = Roster(9),
       .mode = SpeakingMode::kOpen,
       .speaker = 9,
       .previous = 8,
       .expected = {9, 1, 2, 3, 4, 5}},
      {.name = "open mode, no speaker yet: chair on main",
       .layout = "1+1",
       .roster = Roster(3),
       .mode = SpeakingMode::kOpen,
       .expected = {1, 2}},
      {.name = "no chair, no floor: first in join order on main",
       .layout = "1+1",
       .roster = {Branch(5), Branch(6)},
       .expected = {5, 6}},
      {.name = "grid without main: the holder is simply visible",
       .layout = "3x3",
       .roster = Roster(12),
       .holders = {12},
       .expected = {1, 2, 3, 4, 5, 6, 7, 8, 12}},
      {.name = "empty room", .layout = "2x2", .roster = {}, .expected = {0, 0, 0, 0}},
  };
  for (const Scenario& s : scenarios) {
    TileAssigner assigner(*BuiltInLayout(s.layout));
    auto a = assigner.Assign(InputOf(s));
    ASSERT_TRUE(a.has_value()) << s.name << ": " << a.error().message;
    EXPECT_EQ(Shown(*a), s.expected) << s.name;
  }
}

TEST(TileAssigner, MarksWhyEachTileIsFilledAndLostPointsAsNoSignal) {
  TileAssigner assigner(*BuiltInLayout("1+5"));
  const std::vector<TileParticipant> roster = {Chair(), Seated(2, 3), Lost(3)};
  const ParticipantId holders[] = {3};
  auto a = assigner.Assign({.participants = roster, .floor_holders = holders});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->tiles[0], (TileSlot{3, TileFill::kMain, TileSignal::kNoSignal}));
  EXPECT_EQ(a->tiles[1], (TileSlot{1, TileFill::kAuto, TileSignal::kLive}));
  EXPECT_EQ(a->tiles[3], (TileSlot{2, TileFill::kFixed, TileSignal::kLive}));
  EXPECT_EQ(a->tiles[2], (TileSlot{}));
}

TEST(TileAssigner, NobodyIsShownTwice) {
  TileAssigner assigner(*BuiltInLayout("1+7"));
  std::vector<TileParticipant> roster = Roster(12);
  roster[3].fixed_tile = 4;
  for (ParticipantId holder = 1; holder <= 12; ++holder) {
    const ParticipantId holders[] = {holder};
    auto a = assigner.Assign({.participants = roster, .floor_holders = holders, .active_speaker = holder});
    ASSERT_TRUE(a.has_value());
    std::vector<ParticipantId> ids = Shown(*a);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << holder;
    EXPECT_EQ(a->TileOf(holder), 0u) << holder;
  }
}

TEST(TileAssigner, SelfViewVariantLeavesTheReceiverOut) {
  TileAssigner assigner(*BuiltInLayout("1+5"));
  const auto roster = Roster(4);
  const ParticipantId holders[] = {3};
  const TileAssignmentInput input{.participants = roster, .floor_holders = holders};
  auto shared = assigner.Assign(input);
  ASSERT_TRUE(shared.has_value());
  EXPECT_TRUE(TileAssigner::NeedsOwnView(*shared, 3));
  auto own = assigner.AssignFor(input, 3);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(Shown(*own), (std::vector<ParticipantId>{1, 2, 4, 0, 0, 0}));  // the chair takes main
  EXPECT_FALSE(own->TileOf(3).has_value());
}

TEST(TileAssigner, SelfViewVariantOfTheOpenSpeakerShowsThePreviousSpeaker) {
  TileAssigner assigner(*BuiltInLayout("1+5"));
  const auto roster = Roster(4);
  const TileAssignmentInput input{
      .participants = roster, .mode = SpeakingMode::kOpen, .active_speaker = 4, .previous_speaker = 2};
  auto own = assigner.AssignFor(input, 4);
  ASSERT_TRUE(own.has_value());
  EXPECT_EQ(own->tiles[0].participant, 2u);
}

TEST(TileAssigner, ReceiverNotShownNeedsNoOwnView) {
  TileAssigner assigner(*BuiltInLayout("2x2"));
  const auto roster = Roster(6);
  auto shared = assigner.Assign({.participants = roster});
  ASSERT_TRUE(shared.has_value());
  EXPECT_FALSE(TileAssigner::NeedsOwnView(*shared, 6));
}

TEST(TileAssigner, RejectsAnInconsistentSeatingPlan) {
  struct Case {
    const char* name;
    std::vector<TileParticipant> roster;
    ErrorCode code;
    const char* message_part;
  };
  const Case cases[] = {
      {"seat beyond the layout",
       {Chair(), Seated(2, 4)},
       ErrorCode::kOutOfRange,
       "participant 2 is seated at tile 4"},
      {"two on one seat", {Chair(), Seated(2, 1), Seated(3, 1)}, ErrorCode::kAlreadyExists, "2 and 3"},
      {"listed twice",
       {Chair(), Branch(2), Branch(2)},
       ErrorCode::kInvalidArgument,
       "participant 2 listed twice"},
  };
  TileAssigner assigner(*BuiltInLayout("2x2"));
  for (const Case& c : cases) {
    auto a = assigner.Assign({.participants = c.roster});
    ASSERT_FALSE(a.has_value()) << c.name;
    EXPECT_EQ(a.error().code, c.code) << c.name;
    EXPECT_NE(a.error().message.find(c.message_part), std::string::npos)
        << c.name << ": " << a.error().message;
  }
}

}  // namespace
}  // namespace softmcu
