#include "mixer/video/view_set.h"

#include <gtest/gtest.h>

#include <vector>

#include "mixer/layout/builtin_layouts.h"

namespace softmcu {
namespace {

constexpr CanvasSize k720p{1280, 720};
constexpr CanvasSize k360p{640, 360};
constexpr DataRate k2M = DataRate::KilobitsPerSec(2000);
constexpr DataRate k1M = DataRate::KilobitsPerSec(1000);

// A 2x2 assignment showing `ids` in order (0 = empty tile).
TileAssignment Show(std::vector<ParticipantId> ids) {
  TileAssignment a;
  for (ParticipantId id : ids) {
    a.tiles.push_back(id == 0 ? TileSlot{} : TileSlot{id, TileFill::kAuto, TileSignal::kLive});
  }
  return a;
}

ViewSpec Spec(TileAssignment a, CanvasSize canvas = k720p, DataRate tier = k2M) {
  return {*BuiltInLayout("2x2"), std::move(a), canvas, tier};
}

std::vector<ReceiverView> Everyone(const ViewSpec& spec, std::vector<ParticipantId> receivers) {
  std::vector<ReceiverView> out;
  for (ParticipantId r : receivers) out.push_back({r, spec});
  return out;
}

TEST(ViewSet, ReceiversNeedingTheSamePictureShareOneView) {
  ViewSet set;
  auto changes = set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1, 2, 3, 4, 5}));
  ASSERT_TRUE(changes.has_value()) << changes.error().message;
  ASSERT_EQ(set.views().size(), 1u);
  EXPECT_EQ(set.views()[0].subscribers, 5u);
  EXPECT_EQ(changes->created, std::vector<ViewId>{set.views()[0].id});
  EXPECT_EQ(changes->moved.size(), 5u);  // all new
  EXPECT_EQ(set.compositions().size(), 1u);
  EXPECT_EQ(set.ViewOf(3), set.views()[0].id);
  EXPECT_FALSE(set.ViewOf(9).has_value());
}

TEST(ViewSet, APictureChangeForEveryoneKeepsTheViewId) {
  ViewSet set;
  ASSERT_TRUE(set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1, 2, 3, 4})));
  const ViewId id = set.views()[0].id;
  const CompositionId composition = set.views()[0].composition;
  // The speaker changed: a new assignment for everyone.
  auto changes = set.Apply(Everyone(Spec(Show({3, 1, 2, 4})), {1, 2, 3, 4}));
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(set.views().size(), 1u);
  EXPECT_EQ(set.views()[0].id, id);
  EXPECT_EQ(set.views()[0].composition, composition);
  EXPECT_EQ(changes->updated, std::vector<ViewId>{id});
  EXPECT_TRUE(changes->created.empty());
  EXPECT_TRUE(changes->removed.empty());
  EXPECT_TRUE(changes->moved.empty());  // nobody has to be re-routed
}

TEST(ViewSet, ASplitKeepsTheIdForTheLargerGroup) {
  ViewSet set;
  ASSERT_TRUE(set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1, 2, 3, 4, 5})));
  const ViewId shared = set.views()[0].id;
  // Receiver 2 now needs its own picture (self-view exclusion).
  auto receivers = Everyone(Spec(Show({1, 2, 3, 4})), {1, 3, 4, 5});
  receivers.push_back({2, Spec(Show({1, 5, 3, 4}))});
  auto changes = set.Apply(receivers);
  ASSERT_TRUE(changes.has_value());
  ASSERT_EQ(set.views().size(), 2u);
  EXPECT_EQ(set.ViewOf(1), shared);
  EXPECT_NE(set.ViewOf(2), shared);
  EXPECT_EQ(changes->moved, std::vector<ParticipantId>{2});
  EXPECT_EQ(changes->created.size(), 1u);
  EXPECT_TRUE(changes->updated.empty());
  // And back: the personal view goes away.
  changes = set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1, 2, 3, 4, 5}));
  ASSERT_TRUE(changes.has_value());
  EXPECT_EQ(set.views().size(), 1u);
  EXPECT_EQ(changes->removed.size(), 1u);
  EXPECT_EQ(changes->moved, std::vector<ParticipantId>{2});
  EXPECT_EQ(set.ViewOf(2), shared);
}

TEST(ViewSet, TiersOfOnePictureAreViewsSharingOneComposition) {
  ViewSet set;
  std::vector<ReceiverView> receivers = {{1, Spec(Show({1, 2, 0, 0}), k720p, k2M)},
                                         {2, Spec(Show({1, 2, 0, 0}), k720p, k1M)},
                                         {3, Spec(Show({1, 2, 0, 0}), k720p, k2M)},
                                         {4, Spec(Show({1, 2, 0, 0}), k360p, k1M)}};
  ASSERT_TRUE(set.Apply(receivers));
  EXPECT_EQ(set.views().size(), 3u);
  EXPECT_EQ(set.compositions().size(), 2u);  // 720p (two tiers) and 360p
  EXPECT_EQ(set.FindView(*set.ViewOf(1))->composition, set.FindView(*set.ViewOf(2))->composition);
  EXPECT_NE(set.FindView(*set.ViewOf(1))->composition, set.FindView(*set.ViewOf(4))->composition);
  EXPECT_EQ(set.FindComposition(set.FindView(*set.ViewOf(1))->composition)->subscribers, 3u);
}

TEST(ViewSet, ViewsWithoutReceiversAreRemovedAndIdsNeverReused) {
  ViewSet set;
  ASSERT_TRUE(set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1})));
  const ViewId first = set.views()[0].id;
  auto changes = set.Apply({});
  ASSERT_TRUE(changes.has_value());
  EXPECT_EQ(changes->removed, std::vector<ViewId>{first});
  EXPECT_EQ(changes->compositions_removed.size(), 1u);
  EXPECT_TRUE(set.views().empty());
  ASSERT_TRUE(set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1})));
  EXPECT_GT(set.views()[0].id, first);
}

TEST(ViewSet, BadInputIsRefusedNamingTheReceiverAndChangesNothing) {
  ViewSet set;
  ASSERT_TRUE(set.Apply(Everyone(Spec(Show({1, 2, 3, 4})), {1, 2})));
  const ViewId before = set.views()[0].id;
  struct Case {
    const char* name;
    std::vector<ReceiverView> receivers;
    const char* message_part;
  };
  const Case cases[] = {
      {"twice", {{7, Spec(Show({1, 2, 3, 4}))}, {7, Spec(Show({1, 2, 3, 4}))}}, "receiver 7 is listed twice"},
      {"short assignment", {{7, Spec(Show({1, 2}))}}, "receiver 7: the assignment has 2 tiles but layout \"2x2\" has 4"},
      {"odd canvas", {{7, Spec(Show({1, 2, 3, 4}), {1281, 720})}}, "receiver 7: canvas 1281x720"},
      {"tiny canvas", {{7, Spec(Show({1, 2, 3, 4}), {0, 0})}}, "receiver 7: canvas 0x0"},
      {"zero tier", {{7, Spec(Show({1, 2, 3, 4}), k720p, DataRate())}}, "receiver 7: bitrate tier"},
  };
  for (const Case& c : cases) {
    auto result = set.Apply(c.receivers);
    ASSERT_FALSE(result.has_value()) << c.name;
    EXPECT_NE(result.error().message.find(c.message_part), std::string::npos) << c.name << ": " << result.error().message;
  }
  ASSERT_EQ(set.views().size(), 1u);
  EXPECT_EQ(set.views()[0].id, before);
  EXPECT_EQ(set.ViewOf(2), before);
}

}  // namespace
}  // namespace softmcu
