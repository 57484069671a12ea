#include "tools/loadgen/tile_tracker.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu::loadgen {
namespace {

constexpr TimeDelta kFrame = TimeDelta::Millis(33);

class TileTrackerTest : public ::testing::Test {
 protected:
  // Endpoint `id` sends frame `seq` at `t`.
  void Sent(uint32_t id, uint32_t seq, Timestamp t) { directory_.log(id)->RecordVideoFrame(seq, t); }
  void Show(std::vector<std::optional<VideoStamp>> tiles, Timestamp arrival) { tracker_.OnComposite(tiles, arrival); }

  EndpointDirectory directory_{4, true};
  TileTracker tracker_{&directory_, TimeDelta::Millis(500)};
  Timestamp t0_ = Timestamp::Seconds(100);
};

TEST_F(TileTrackerTest, LatencyIsTakenWhenAFrameFirstAppears) {
  Sent(1, 10, t0_);
  Show({VideoStamp{1, 10, 0}}, t0_ + TimeDelta::Millis(80));
  Show({VideoStamp{1, 10, 0}}, t0_ + TimeDelta::Millis(113));  // the same frame again: no sample
  EXPECT_EQ(tracker_.latency().count(), 1u);
  EXPECT_NEAR(*tracker_.latency().PercentileMs(50), 80.5, 0.01);
  EXPECT_EQ(tracker_.stats().tiles_read, 2u);
}

TEST_F(TileTrackerTest, StampsWithoutSendRecordAreCountedNotTimed) {
  Show({VideoStamp{3, 77, 0}, VideoStamp{9, 1, 0}}, t0_);  // 77 never sent; 9 is not ours
  EXPECT_EQ(tracker_.latency().count(), 0u);
  EXPECT_EQ(tracker_.stats().unknown_stamps, 2u);
}

TEST_F(TileTrackerTest, ATileThatStopsAdvancingWhileItsSourceSendsFreezesOnce) {
  Timestamp t = t0_;
  for (uint32_t s = 0; s < 40; ++s, t += kFrame) {
    Sent(2, s, t);
    Show({VideoStamp{2, std::min(s, 5u), 0}}, t);  // the MCU shows frame 5 from then on
    tracker_.CheckFreezes(t);
  }
  EXPECT_EQ(tracker_.stats().freezes, 1u);
  EXPECT_GT(tracker_.FrozenTime(t), TimeDelta::Millis(900));
  // It thaws: the episode's time is kept.
  Sent(2, 40, t);
  Show({VideoStamp{2, 40, 0}}, t);
  const TimeDelta frozen = tracker_.stats().frozen_time;
  EXPECT_GT(frozen, TimeDelta::Millis(900));
  tracker_.CheckFreezes(t + kFrame);
  EXPECT_EQ(tracker_.FrozenTime(t + kFrame), frozen);
  EXPECT_EQ(tracker_.stats().freezes, 1u);
}

TEST_F(TileTrackerTest, ASourceThatStopsSendingIsNotAFreeze) {
  Sent(0, 1, t0_);
  Show({VideoStamp{0, 1, 0}}, t0_);
  tracker_.CheckFreezes(t0_ + TimeDelta::Seconds(3));
  EXPECT_EQ(tracker_.stats().freezes, 0u);
}

TEST_F(TileTrackerTest, ACompositeStreamThatStopsFreezesItsTilesOnTheClock) {
  Sent(0, 1, t0_);
  Show({VideoStamp{0, 1, 0}}, t0_);
  Sent(0, 30, t0_ + TimeDelta::Seconds(1));  // the source goes on; no composite arrives
  tracker_.CheckFreezes(t0_ + TimeDelta::Seconds(1));
  EXPECT_EQ(tracker_.stats().freezes, 1u);
}

TEST_F(TileTrackerTest, TracksWhoIsInWhichTileAndForgetsUnreadTiles) {
  Sent(0, 1, t0_);
  Sent(3, 1, t0_);
  Show({VideoStamp{0, 1, 0}, std::nullopt, VideoStamp{3, 1, 2}}, t0_);
  auto shown = tracker_.TilesShown();
  ASSERT_EQ(shown.size(), 2u);
  EXPECT_EQ(shown[0].tile, 0u);
  EXPECT_EQ(shown[1].tile, 2u);
  EXPECT_EQ(shown[1].endpoint_id, 3u);
  EXPECT_EQ(shown[1].rendition, 2u);
  // Tile 2 becomes unreadable (a slate) for more than a second; the layout shrinks to one tile.
  Show({VideoStamp{0, 1, 0}, std::nullopt, std::nullopt}, t0_ + TimeDelta::Millis(1500));
  EXPECT_EQ(tracker_.TilesShown().size(), 1u);
  Show({VideoStamp{0, 1, 0}}, t0_ + TimeDelta::Millis(1600));
  EXPECT_EQ(tracker_.TilesShown().size(), 1u);
}

TEST_F(TileTrackerTest, ANewSourceInATileStartsAfresh) {
  Sent(0, 1, t0_);
  Sent(1, 8, t0_);
  Show({VideoStamp{0, 1, 0}}, t0_);
  Show({VideoStamp{1, 8, 0}}, t0_ + TimeDelta::Millis(700));  // voice switch: another endpoint
  tracker_.CheckFreezes(t0_ + TimeDelta::Millis(700));
  EXPECT_EQ(tracker_.stats().freezes, 0u);
  EXPECT_EQ(tracker_.TilesShown()[0].endpoint_id, 1u);
}

}  // namespace
}  // namespace softmcu::loadgen
