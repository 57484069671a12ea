#include "mixer/video/view_planner.h"

#include <gtest/gtest.h>

#include "mixer/layout/builtin_layouts.h"

namespace softmcu {
namespace {

class ViewPlannerTest : public ::testing::Test {
 protected:
  ViewPlannerTest() {
    for (ParticipantId id = 1; id <= 6; ++id) {
      roster_.push_back({id, id == 1 ? ParticipantRole::kChair : ParticipantRole::kBranch});
    }
    room_.participants = roster_;
    for (ParticipantId id = 1; id <= 6; ++id) requests_.push_back({id, {1280, 720}, DataRate::KilobitsPerSec(2000)});
  }

  size_t DistinctViews(const std::vector<ReceiverView>& views) const {
    std::vector<const ViewSpec*> distinct;
    for (const auto& v : views) {
      if (std::none_of(distinct.begin(), distinct.end(), [&](const ViewSpec* s) { return *s == v.spec; })) {
        distinct.push_back(&v.spec);
      }
    }
    return distinct.size();
  }

  std::vector<TileParticipant> roster_;
  TileAssignmentInput room_;
  std::vector<ReceiverRequest> requests_;
  const Layout grid_ = *BuiltInLayout("2x2");
};

TEST_F(ViewPlannerTest, WithSelfViewShownEveryoneSharesTheRoomsPicture) {
  auto views = PlanViews(grid_, room_, {}, requests_);
  ASSERT_TRUE(views.has_value()) << views.error().message;
  ASSERT_EQ(views->size(), 6u);
  EXPECT_EQ(DistinctViews(*views), 1u);
}

// 6 points, 4 tiles: points 1-4 are shown and each needs a picture without itself; 5 and
// 6 are not shown and share the room's picture.
TEST_F(ViewPlannerTest, SelfViewExclusionGivesOwnViewsOnlyToThoseShown) {
  auto views = PlanViews(grid_, room_, {.self_view = SelfView::kExcluded}, requests_);
  ASSERT_TRUE(views.has_value());
  EXPECT_EQ(DistinctViews(*views), 5u);
  for (const ReceiverView& v : *views) {
    EXPECT_FALSE(v.spec.assignment.TileOf(v.receiver).has_value()) << v.receiver;
  }
  EXPECT_EQ((*views)[4].spec, (*views)[5].spec);
  EXPECT_TRUE((*views)[4].spec.assignment.TileOf(1).has_value());
}

TEST_F(ViewPlannerTest, PersonalLayoutOnlyWhenTheRoomAllowsIt) {
  requests_[2].personal_layout = *BuiltInLayout("1+5");
  auto off = PlanViews(grid_, room_, {}, requests_);
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ((*off)[2].spec.layout.name(), "2x2");
  EXPECT_EQ(DistinctViews(*off), 1u);

  auto allowed = PlanViews(grid_, room_, {.personal_layouts = PersonalLayouts::kAllowed}, requests_);
  ASSERT_TRUE(allowed.has_value());
  EXPECT_EQ((*allowed)[2].spec.layout.name(), "1+5");
  EXPECT_EQ((*allowed)[2].spec.assignment.tiles.size(), 6u);
  EXPECT_EQ(DistinctViews(*allowed), 2u);
}

TEST_F(ViewPlannerTest, CanvasAndTierComeFromTheRequest) {
  requests_[0].canvas = {640, 360};
  requests_[0].tier = DataRate::KilobitsPerSec(500);
  auto views = PlanViews(grid_, room_, {}, requests_);
  ASSERT_TRUE(views.has_value());
  EXPECT_EQ((*views)[0].spec.canvas, (CanvasSize{640, 360}));
  EXPECT_EQ((*views)[0].spec.tier, DataRate::KilobitsPerSec(500));
  EXPECT_EQ(DistinctViews(*views), 2u);
}

TEST_F(ViewPlannerTest, InconsistentSeatingPlanIsAnError) {
  roster_[1].fixed_tile = 9;
  room_.participants = roster_;
  auto views = PlanViews(grid_, room_, {}, requests_);
  ASSERT_FALSE(views.has_value());
  EXPECT_EQ(views.error().code, ErrorCode::kOutOfRange);
}

}  // namespace
}  // namespace softmcu
