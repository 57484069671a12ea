// The room's video end to end: terminals send stamped H.264 over SRTP, the room decodes
// what is seen, composes the layout, encodes once per view and sends it back; a terminal
// decodes what it receives and the test reads each tile's stamp (source id) back.

#include <gtest/gtest.h>

#include "../media_test_rig.h"
#include "mixer/layout/builtin_layouts.h"
#include "mixer/layout/canvas_mapper.h"

namespace softmcu {
namespace {

using test::ConferenceRig;
using test::TestTerminal;

I420View Crop(const I420View& v, const PixelRect& r) {
  I420View out = v;
  out.data[0] = v.data[0] + r.y * v.stride[0] + r.x;
  out.data[1] = v.data[1] + (r.y / 2) * v.stride[1] + r.x / 2;
  out.data[2] = v.data[2] + (r.y / 2) * v.stride[2] + r.x / 2;
  out.width = r.width;
  out.height = r.height;
  return out;
}

std::optional<uint32_t> StampIn(const SharedVideoFrame& picture, const PixelRect& tile) {
  auto stamp = ReadTestPatternStamp(Crop(picture->view(), tile));
  if (!stamp) return std::nullopt;
  return stamp->source_id;
}

RoomConfig TwoByTwo() {
  RoomConfig config;
  config.layout = "2x2";
  config.canvas_width = 640;
  config.canvas_height = 360;
  config.video_bitrate = DataRate::KilobitsPerSec(800);
  return config;
}

TEST(RoomVideo, EachPointsPictureIsInItsTileOfTheComposedView) {
  ConferenceRig rig(TwoByTwo());
  TestTerminal& chair = rig.Join("chair", ParticipantRole::kChair, 300, /*video=*/true);
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  TestTerminal& b = rig.Join("branch-b", ParticipantRole::kBranch, 700, true);
  rig.Run(TimeDelta::Seconds(3));

  ASSERT_GT(b.pictures_received(), 20u);
  const SharedVideoFrame& picture = b.last_picture();
  ASSERT_TRUE(picture);
  EXPECT_EQ(picture->width(), 640);
  const auto tiles = MapToCanvas(*BuiltInLayout("2x2"), {640, 360});
  const auto& assignment = rig.room_.assignment();
  // Join order fills the tiles: chair, a, b; the fourth is empty.
  const std::map<ParticipantId, uint32_t> stamp_of = {
      {rig.IdOf(chair), chair.ssrc_base_}, {rig.IdOf(a), a.ssrc_base_}, {rig.IdOf(b), b.ssrc_base_}};
  int read = 0;
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(assignment.tiles[i].participant.has_value()) << i;
    auto stamp = StampIn(picture, tiles[i]);
    ASSERT_TRUE(stamp.has_value()) << "tile " << i;
    EXPECT_EQ(*stamp, stamp_of.at(*assignment.tiles[i].participant)) << "tile " << i;
    ++read;
  }
  EXPECT_EQ(read, 3);
  // The empty tile shows background, which may read as a (meaningless) stamp, but never
  // as one of the participants'.
  if (auto empty = StampIn(picture, tiles[3])) {
    for (const auto& [id, stamp] : stamp_of) EXPECT_NE(*empty, stamp);
  }
  // One composition, one encoder, shared by all three receivers.
  EXPECT_EQ(rig.room_.video_stats().views, 1u);
  EXPECT_GT(rig.room_.video_stats().frames_encoded, 30u);
  EXPECT_GT(chair.pictures_received(), 20u);
  // Its CPU by stage, for /metrics (an encode of 640x360 takes far more than a microsecond).
  EXPECT_GE(rig.room_.video_stats().encode_cpu_us, rig.room_.video_stats().frames_encoded);
  EXPECT_GT(rig.room_.video_stats().compose_cpu_us, 0u);
}

// A receiver whose line loses our picture (its worker's SendRateController set a tier) gets
// a view of its own at that rate — same composition, its own encoder — and keeps receiving;
// the others keep sharing the room-rate view. When its line recovers it shares again.
TEST(RoomVideo, AReceiverOnANarrowLineGetsTheViewAtItsOwnRate) {
  ConferenceRig rig(TwoByTwo());
  rig.Join("chair", ParticipantRole::kChair, 300, true);
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  TestTerminal& b = rig.Join("branch-b", ParticipantRole::kBranch, 700, true);
  rig.Run(TimeDelta::Seconds(2));
  ASSERT_EQ(rig.room_.video_stats().views, 1u);

  rig.LinkOf(b).send_tier_kbps.store(350);
  rig.Run(TimeDelta::Millis(100));
  EXPECT_EQ(rig.room_.video_stats().views, 2u);
  const uint64_t a_before = a.pictures_received();
  const uint64_t b_before = b.pictures_received();
  rig.Run(TimeDelta::Seconds(2));
  EXPECT_GT(b.pictures_received(), b_before + 20) << "the narrow line still gets pictures";
  EXPECT_GT(a.pictures_received(), a_before + 20);

  rig.LinkOf(b).send_tier_kbps.store(0);
  rig.Run(TimeDelta::Millis(100));
  EXPECT_EQ(rig.room_.video_stats().views, 1u);
}

TEST(RoomVideo, GrantedBranchMovesToTheMainTile) {
  RoomConfig config = TwoByTwo();
  config.layout = "1+5";
  ConferenceRig rig(config);
  TestTerminal& chair = rig.Join("chair", ParticipantRole::kChair, 300, true);
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  TestTerminal& b = rig.Join("branch-b", ParticipantRole::kBranch, 700, true);
  rig.Run(TimeDelta::Seconds(2));
  const auto tiles = MapToCanvas(*BuiltInLayout("1+5"), {640, 360});
  EXPECT_EQ(StampIn(chair.last_picture(), tiles[0]), chair.ssrc_base_);  // chair on main by default

  ASSERT_TRUE(rig.room_.GrantFloor(rig.IdOf(b), FloorActor::kChair));
  rig.Run(TimeDelta::Seconds(2));
  EXPECT_EQ(StampIn(a.last_picture(), tiles[0]), b.ssrc_base_);
  ASSERT_TRUE(rig.room_.RevokeFloor(rig.IdOf(b), FloorActor::kChair));
  rig.Run(TimeDelta::Seconds(2));
  EXPECT_EQ(StampIn(a.last_picture(), tiles[0]), chair.ssrc_base_);
}

// The test terminals ignore TMMBR/REMB: one that is not shown is asked for its trickle by
// RTCP, keeps sending its full rate, and after the patience is asked again through call
// control (a re-INVITE with b=TIAS); the one shown full-canvas is never limited.
TEST(RoomVideo, APointThatIgnoresTheRtcpRequestIsAskedAgainInTheSdp) {
  RoomConfig config = TwoByTwo();
  config.layout = "1x1";
  ConferenceRig rig(config);
  TestTerminal& chair = rig.Join("chair", ParticipantRole::kChair, 300, true);
  rig.video_idr_interval_ = 1;  // every picture a fine IDR: far above the trickle asked for
  rig.video_qp_ = 10;
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  rig.Run(TimeDelta::Seconds(RateRequestFallback::kPatienceSeconds + 3));
  const auto a_stats = rig.room_.Participant(rig.IdOf(a))->stats;
  ASSERT_GT(a_stats.receive_kbps, 1.5 * static_cast<double>(a_stats.requested_kbps) + 100)
      << "the test terminal should ignore the request";
  ASSERT_EQ(rig.bandwidth_wanted_.size(), 1u);
  EXPECT_EQ(rig.bandwidth_wanted_[0].first, rig.IdOf(a));
  EXPECT_EQ(rig.bandwidth_wanted_[0].second, a_stats.requested_kbps);
  EXPECT_NE(rig.bandwidth_wanted_[0].first, rig.IdOf(chair));
}

TEST(RoomVideo, OnlyVisiblePointsAreDecodedAndSmallTilesAskForLess) {
  RoomConfig config = TwoByTwo();
  config.layout = "1x1";
  ConferenceRig rig(config);
  TestTerminal& chair = rig.Join("chair", ParticipantRole::kChair, 300, true);
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  rig.Run(TimeDelta::Seconds(3));
  const auto chair_snapshot = *rig.room_.Participant(rig.IdOf(chair));
  EXPECT_EQ(chair_snapshot.tile, 0u);
  const auto chair_stats = chair_snapshot.stats;
  const auto a_stats = rig.room_.Participant(rig.IdOf(a))->stats;
  EXPECT_GT(chair_stats.frames_decoded, 10u) << "video packets " << chair_stats.video_packets_received
                                             << " broken " << chair_stats.broken_frames << " errors "
                                             << chair_stats.decode_errors << " a got " << a.pictures_received();
  EXPECT_EQ(a_stats.frames_decoded, 0u);  // not shown: depacketized, never decoded
  // Not shown: asked for a trickle; shown full-canvas: asked for its whole budget.
  EXPECT_LE(a_stats.requested_kbps, 150);
  EXPECT_GT(chair_stats.requested_kbps, 1000);
}

TEST(RoomTestRun, EachPointSeesAndHearsOnlyItselfThenGetsAQualityReport) {
  RoomConfig config = TwoByTwo();
  ConferenceRig rig(config);
  ASSERT_TRUE(rig.room_.SetPhase(RoomPhase::kTestRun));
  TestTerminal& a = rig.Join("branch-a", ParticipantRole::kBranch, 500, true);
  TestTerminal& b = rig.Join("branch-b", ParticipantRole::kBranch, 700, true);
  rig.Run(TimeDelta::Seconds(3));
  // Audio: its own tone, half a second late; not the other's.
  EXPECT_GT(a.Heard(500), 2500);
  EXPECT_LT(a.Heard(700), 300);
  EXPECT_GT(b.Heard(700), 2500);
  // Video: its own picture on the whole canvas.
  ASSERT_TRUE(a.last_picture());
  EXPECT_EQ(StampIn(a.last_picture(), PixelRect{0, 0, 640, 360}), a.ssrc_base_);
  EXPECT_EQ(StampIn(b.last_picture(), PixelRect{0, 0, 640, 360}), b.ssrc_base_);

  ASSERT_TRUE(rig.room_.SetPhase(RoomPhase::kLive));
  ASSERT_EQ(rig.test_reports_.size(), 2u);
  for (const auto& report : rig.test_reports_) {
    EXPECT_GT(report.stats.audio_packets_received, 50u) << report.info.name;
    EXPECT_GT(report.stats.frames_decoded, 10u) << report.info.name;
    EXPECT_EQ(report.stats.width, 320) << report.info.name;
  }
  // Live again: both in the shared 2x2 view.
  rig.Run(TimeDelta::Seconds(2));
  const auto tiles = MapToCanvas(*BuiltInLayout("2x2"), {640, 360});
  EXPECT_EQ(StampIn(a.last_picture(), tiles[1]), b.ssrc_base_);
}

}  // namespace
}  // namespace softmcu
