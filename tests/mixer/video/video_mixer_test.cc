#include "mixer/video/video_mixer.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "media/video/test_pattern.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/video/tile_geometry.h"
#include "tests/media/video/video_test_util.h"
#include "tests/mixer/video/video_test_frames.h"

namespace softmcu {
namespace {

using testing::LumaAt;

constexpr DataRate k2M = DataRate::KilobitsPerSec(2000);
constexpr DataRate k1M = DataRate::KilobitsPerSec(1000);

class VideoMixerTest : public ::testing::Test {
 protected:
  VideoMixerTest() { config_.style.labels = LabelMode::kHidden; }

  // Tests that change config_ call it again.
  void SetUp() override {
    auto mixer = VideoMixer::Create(config_);
    ASSERT_TRUE(mixer.has_value()) << mixer.error().message;
    mixer_ = std::move(*mixer);
  }

  void AddSources(ParticipantId count) {
    for (ParticipantId id = 1; id <= count; ++id) ASSERT_TRUE(mixer_->AddSource(id, "Site " + std::to_string(id)));
  }

  // Everyone in `receivers` sees `layout` filled with participants 1..count in join order.
  std::vector<ReceiverView> Room(std::string_view layout_name, ParticipantId count,
                                 std::vector<ParticipantId> receivers, CanvasSize canvas = {1280, 720},
                                 DataRate tier = k2M) {
    const Layout layout = *BuiltInLayout(layout_name);
    std::vector<TileParticipant> roster;
    for (ParticipantId id = 1; id <= count; ++id) roster.push_back({id});
    TileAssignmentInput input{.participants = roster};
    const TileAssignment assignment = *TileAssigner(layout).Assign(input);
    std::vector<ReceiverView> out;
    for (ParticipantId r : receivers) out.push_back({r, {layout, assignment, canvas, tier}});
    return out;
  }

  SharedVideoFrame Pattern(uint32_t source, uint64_t index) {
    return testing::MakePatternFrame(pool_, 640, 360, source, index);
  }

  VideoMixerConfig config_;
  std::unique_ptr<VideoMixer> mixer_;
  VideoFramePool pool_{{.max_frames_per_size = 64, .max_sizes = 2}};
};

TEST(VideoMixerConfigTest, BadConfigurationIsAClearError) {
  VideoMixerConfig config;
  config.frame_rate = 0;
  auto mixer = VideoMixer::Create(config);
  ASSERT_FALSE(mixer.has_value());
  EXPECT_NE(mixer.error().message.find("frame_rate"), std::string::npos);
  config = {};
  config.font_path = "/no/such/font.ttf";
  mixer = VideoMixer::Create(config);
  ASSERT_FALSE(mixer.has_value());
  EXPECT_EQ(mixer.error().code, ErrorCode::kUnavailable);
  config = {};
  config.style.highlight_px = 3;
  EXPECT_FALSE(VideoMixer::Create(config).has_value());
}

TEST_F(VideoMixerTest, FrameIntervalFollowsTheRoomsFrameRate) {
  EXPECT_EQ(mixer_->frame_interval(), TimeDelta::Micros(33'333));
  config_.frame_rate = 25;
  EXPECT_EQ((*VideoMixer::Create(config_))->frame_interval(), TimeDelta::Millis(40));
}

TEST_F(VideoMixerTest, ComposesOnePicturePerViewWithTheRightSourcesInTheirTiles) {
  AddSources(4);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 4, {1, 2, 3, 4})));
  for (uint32_t id = 1; id <= 4; ++id) EXPECT_TRUE(mixer_->SetSourceFrame(id, Pattern(id, 10 * id)));
  const auto outputs = mixer_->Compose(Timestamp::Seconds(5));
  ASSERT_EQ(outputs.size(), 1u);
  EXPECT_TRUE(outputs[0].changed);
  EXPECT_EQ(outputs[0].tier, k2M);
  EXPECT_EQ(outputs[0].view, *mixer_->ViewOf(3));
  const auto rects = mixer_->CompositorOf(outputs[0].view)->tile_rects();
  for (uint32_t id = 1; id <= 4; ++id) {
    const auto stamp = ReadTestPatternStamp(CropView(outputs[0].canvas->view(), rects[id - 1]));
    ASSERT_TRUE(stamp.has_value());
    EXPECT_EQ(stamp->source_id, id);
    EXPECT_EQ(stamp->frame_index, 10 * id);
  }
  EXPECT_EQ(outputs[0].canvas->pts(), TimeDelta::Zero());  // the first tick is the epoch
  EXPECT_EQ(mixer_->Compose(Timestamp::Seconds(6))[0].changed, false);
}

TEST_F(VideoMixerTest, TheLatestPictureOfEachSourceIsSampled) {
  AddSources(1);
  ASSERT_TRUE(mixer_->SetViews(Room("1x1", 1, {1})));
  mixer_->SetSourceFrame(1, Pattern(1, 1));
  mixer_->SetSourceFrame(1, Pattern(1, 2));  // two arrived within one tick
  const auto stamp = ReadTestPatternStamp(mixer_->Compose(Timestamp::Seconds(1))[0].canvas->view());
  ASSERT_TRUE(stamp.has_value());
  EXPECT_EQ(stamp->frame_index, 2u);
}

// A slow source (5 fps) next to a fast one (30 fps): the canvas changes every tick, and the
// slow source's tile is scaled only when it has something new.
TEST_F(VideoMixerTest, ASlowSourceNeverDelaysTheCanvas) {
  AddSources(2);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 2, {1, 2})));
  Timestamp now = Timestamp::Seconds(1);
  int changed = 0;
  for (uint64_t tick = 0; tick < 30; ++tick, now += mixer_->frame_interval()) {
    mixer_->SetSourceFrame(1, Pattern(1, tick));
    if (tick % 6 == 0) mixer_->SetSourceFrame(2, Pattern(2, tick));
    const auto outputs = mixer_->Compose(now);
    changed += outputs[0].changed;
    const auto rects = mixer_->CompositorOf(outputs[0].view)->tile_rects();
    EXPECT_EQ(ReadTestPatternStamp(CropView(outputs[0].canvas->view(), rects[0]))->frame_index, tick);
    EXPECT_EQ(ReadTestPatternStamp(CropView(outputs[0].canvas->view(), rects[1]))->frame_index, tick / 6 * 6);
  }
  EXPECT_EQ(changed, 30);
  const auto& stats = mixer_->CompositorOf(*mixer_->ViewOf(1))->stats();
  EXPECT_EQ(stats.tiles_scaled, 30u + 5u);
  EXPECT_EQ(stats.whole, 1u);
  EXPECT_EQ(stats.in_place, 29u);  // we never kept a canvas: the common case
}

TEST_F(VideoMixerTest, TiersShareOneComposedCanvas) {
  AddSources(4);
  auto receivers = Room("2x2", 4, {1, 2});
  auto low = Room("2x2", 4, {3, 4}, {1280, 720}, k1M);
  receivers.insert(receivers.end(), low.begin(), low.end());
  auto changes = mixer_->SetViews(receivers);
  ASSERT_TRUE(changes.has_value());
  EXPECT_EQ(changes->created.size(), 2u);
  EXPECT_EQ(changes->compositions_created.size(), 1u);
  for (uint32_t id = 1; id <= 4; ++id) mixer_->SetSourceFrame(id, Pattern(id, 0));
  const auto outputs = mixer_->Compose(Timestamp::Seconds(1));
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_NE(outputs[0].tier, outputs[1].tier);
  EXPECT_EQ(outputs[0].canvas.get(), outputs[1].canvas.get());  // composed once
  EXPECT_EQ(mixer_->CompositorOf(outputs[0].view)->stats().tiles_scaled, 4u);
}

TEST_F(VideoMixerTest, DemandSaysWhoIsVisibleAndTheLargestTile) {
  AddSources(6);
  auto receivers = Room("1+5", 4, {1, 2, 3});                // participant 1 on the 853x480 main tile
  auto small = Room("3x3", 2, {4, 5}, {640, 360}, k1M);      // 1 and 2 in 212x120 tiles
  receivers.insert(receivers.end(), small.begin(), small.end());
  ASSERT_TRUE(mixer_->SetViews(receivers));
  EXPECT_EQ(mixer_->DemandFor(1), (SourceDemand{true, 854, 480}));
  EXPECT_EQ(mixer_->DemandFor(2).max_height, 240);
  EXPECT_TRUE(mixer_->DemandFor(4).visible);
  EXPECT_FALSE(mixer_->DemandFor(5).visible);  // in no view: do not decode it
  EXPECT_FALSE(mixer_->DemandFor(6).visible);
  EXPECT_FALSE(mixer_->DemandFor(99).visible);
}

TEST_F(VideoMixerTest, HighlightFollowsTheSpeakerAcrossViews) {
  AddSources(4);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 4, {1})));
  for (uint32_t id = 1; id <= 4; ++id) {
    mixer_->SetSourceFrame(id, testing::MakeFlatFrame(pool_, 320, 180, {100, 128, 128}));
  }
  mixer_->SetHighlight(3);  // tile 2: (0, 360)
  auto canvas = mixer_->Compose(Timestamp::Seconds(1))[0].canvas;
  EXPECT_EQ(LumaAt(*canvas, 0, 361), config_.style.highlight.y);
  EXPECT_EQ(LumaAt(*canvas, 641, 1), 100);
  canvas = SharedVideoFrame();
  mixer_->SetHighlight(2);  // tile 1: (640, 0)
  const auto outputs = mixer_->Compose(Timestamp::Seconds(2));
  EXPECT_TRUE(outputs[0].changed);
  EXPECT_EQ(LumaAt(*outputs[0].canvas, 0, 361), 100);
  EXPECT_EQ(LumaAt(*outputs[0].canvas, 641, 1), config_.style.highlight.y);
  EXPECT_EQ(mixer_->CompositorOf(outputs[0].view)->stats().tiles_drawn, 4u + 2u);
}

TEST_F(VideoMixerTest, SiteNameChangesTheLabelAtTheNextTick) {
  config_.style.labels = LabelMode::kShown;
  SetUp();
  AddSources(1);
  ASSERT_TRUE(mixer_->SetViews(Room("1x1", 1, {1})));
  mixer_->SetSourceFrame(1, testing::MakeFlatFrame(pool_, 320, 180, {40, 128, 128}));
  const int before = testing::CountLuma(*mixer_->Compose(Timestamp::Seconds(1))[0].canvas, {0, 0, 1280, 720}, 235);
  ASSERT_TRUE(mixer_->SetSiteName(1, "S\xE1\xBB\x9F T\xC3\xA0i ch\xC3\xADnh t\xE1\xBB\x89nh Thanh H\xC3\xB3\x61"));
  const auto outputs = mixer_->Compose(Timestamp::Seconds(2));
  EXPECT_TRUE(outputs[0].changed);
  EXPECT_GT(testing::CountLuma(*outputs[0].canvas, {0, 0, 1280, 720}, 235), before);
  EXPECT_EQ(mixer_->SetSiteName(7, "x").error().code, ErrorCode::kNotFound);
}

TEST_F(VideoMixerTest, UnknownPointInAViewIsRefusedAndNothingChanges) {
  AddSources(3);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 3, {1})));
  const ViewId before = *mixer_->ViewOf(1);
  auto result = mixer_->SetViews(Room("2x2", 4, {1, 2}));  // participant 4 is no source
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_NE(result.error().message.find("tile 3 shows participant 4"), std::string::npos) << result.error().message;
  EXPECT_EQ(mixer_->ViewOf(1), before);
  EXPECT_FALSE(mixer_->ViewOf(2).has_value());
}

TEST_F(VideoMixerTest, TooManyDistinctViewsIsRefused) {
  config_.max_views = 2;
  SetUp();
  AddSources(4);
  std::vector<ReceiverView> receivers;
  for (ParticipantId r = 1; r <= 3; ++r) {
    receivers.push_back(Room("2x2", 4, {r}, {1280, 720}, DataRate::KilobitsPerSec(500 * r))[0]);
  }
  auto result = mixer_->SetViews(receivers);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kOutOfRange);
}

TEST_F(VideoMixerTest, SourcesAreAddedOnceAndRemovedOnlyWhenNoLongerShown) {
  AddSources(3);
  EXPECT_EQ(mixer_->AddSource(2, "again").error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 3, {1})));
  auto removed = mixer_->RemoveSource(3);
  ASSERT_FALSE(removed.has_value());
  EXPECT_NE(removed.error().message.find("still shown"), std::string::npos);
  ASSERT_TRUE(mixer_->SetViews(Room("2x2", 2, {1})));
  EXPECT_TRUE(mixer_->RemoveSource(3).has_value());
  EXPECT_EQ(mixer_->RemoveSource(3).error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(mixer_->SetSourceFrame(3, Pattern(3, 0)));
  EXPECT_FALSE(mixer_->SetSourceFrame(1, SharedVideoFrame()));
  EXPECT_EQ(mixer_->stats().frames_unknown_source, 2u);
  config_.max_sources = 3;
  SetUp();
  AddSources(3);
  EXPECT_EQ(mixer_->AddSource(4, "four").error().code, ErrorCode::kOutOfRange);
}

TEST_F(VideoMixerTest, LostPointShowsItsSlateAndReturnsLive) {
  AddSources(2);
  const Layout layout = *BuiltInLayout("2x2");
  std::vector<TileParticipant> roster = {{1}, {2, ParticipantRole::kBranch, ConnectionState::kLost}};
  const auto lost = *TileAssigner(layout).Assign({.participants = roster});
  mixer_->SetSourceFrame(2, testing::MakeFlatFrame(pool_, 320, 180, {216, 128, 128}));
  ASSERT_TRUE(mixer_->SetViews(std::vector<ReceiverView>{{1, {layout, lost, {1280, 720}, k2M}}}));
  const int dimmed = 16 + ((216 - 16) * config_.style.no_signal_luma_keep >> 8);
  EXPECT_EQ(LumaAt(*mixer_->Compose(Timestamp::Seconds(1))[0].canvas, 660, 20), dimmed);
  roster[1].connection = ConnectionState::kConnected;
  const auto live = *TileAssigner(layout).Assign({.participants = roster});
  auto changes = mixer_->SetViews(std::vector<ReceiverView>{{1, {layout, live, {1280, 720}, k2M}}});
  ASSERT_TRUE(changes.has_value());
  EXPECT_EQ(changes->updated.size(), 1u);  // same view, same encoder
  EXPECT_EQ(LumaAt(*mixer_->Compose(Timestamp::Seconds(2))[0].canvas, 660, 20), 216);
}

}  // namespace
}  // namespace softmcu
