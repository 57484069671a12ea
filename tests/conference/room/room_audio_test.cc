// The room's audio rules end to end through real SRTP on loopback: distinct tones per
// point, measured in what each terminal decodes (single-bin DFT: the tones are orthogonal
// over a 20 ms frame, so one point's voice reads 0 in a mix that lacks it).

#include <gtest/gtest.h>

#include "../media_test_rig.h"
#include "mixer/layout/builtin_layouts.h"

namespace softmcu {
namespace {

using test::ConferenceRig;
using test::TestTerminal;

constexpr double kChairHz = 300;
constexpr double kBranchAHz = 500;
constexpr double kBranchBHz = 700;
// A tone at amplitude 6000 through Opus reads ~5000–6500; "absent" reads under ~100.
constexpr double kPresent = 2500;
constexpr double kAbsent = 300;

class RoomAudioTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chair_ = &rig_.Join("chair", ParticipantRole::kChair, kChairHz);
    a_ = &rig_.Join("branch-a", ParticipantRole::kBranch, kBranchAHz);
    b_ = &rig_.Join("branch-b", ParticipantRole::kBranch, kBranchBHz);
    rig_.Run(TimeDelta::Seconds(1));
  }
  ConferenceRig rig_;
  TestTerminal* chair_ = nullptr;
  TestTerminal* a_ = nullptr;
  TestTerminal* b_ = nullptr;
};

TEST_F(RoomAudioTest, EveryoneHearsTheChairAndNoBranchWithoutTheFloor) {
  ASSERT_GT(b_->audio_frames_received(), 30u);
  EXPECT_GT(b_->Heard(kChairHz), kPresent);
  EXPECT_LT(b_->Heard(kBranchAHz), kAbsent);
  EXPECT_GT(a_->Heard(kChairHz), kPresent);
  EXPECT_LT(a_->Heard(kBranchBHz), kAbsent);
  // N−1: the chair does not hear itself, and hears no branch.
  EXPECT_LT(chair_->Heard(kChairHz), kAbsent);
  EXPECT_LT(chair_->Heard(kBranchAHz), kAbsent);
}

TEST_F(RoomAudioTest, GrantedBranchIsHeardAndRevokedBranchIsSilentAgain) {
  ASSERT_TRUE(rig_.room_.SetLayout(*BuiltInLayout("1+5")));
  ASSERT_TRUE(rig_.room_.GrantFloor(rig_.IdOf(*a_), FloorActor::kChair));
  rig_.Run(TimeDelta::Millis(500));
  EXPECT_GT(b_->Heard(kBranchAHz), kPresent);
  EXPECT_GT(chair_->Heard(kBranchAHz), kPresent);
  EXPECT_LT(a_->Heard(kBranchAHz), kAbsent);  // N−1 for the new speaker too
  EXPECT_GT(a_->Heard(kChairHz), kPresent);
  EXPECT_EQ(rig_.room_.assignment().tiles.at(0).participant, rig_.IdOf(*a_));  // the main tile

  ASSERT_TRUE(rig_.room_.RevokeFloor(rig_.IdOf(*a_), FloorActor::kChair));
  rig_.Run(TimeDelta::Millis(500));
  EXPECT_LT(b_->Heard(kBranchAHz), kAbsent);
  EXPECT_LT(chair_->Heard(kBranchAHz), kAbsent);
}

// A listener that reports loss on the mix it hears gets that mix with in-band FEC; when its
// line is clean again the encoder stops spending bits on it.
TEST_F(RoomAudioTest, AListenerReportingLossGetsItsMixWithFec) {
  EXPECT_EQ(rig_.room_.audio_stats().fec_frames, 0u);
  rig_.LinkOf(*b_).audio_loss_percent.store(8);
  rig_.Run(TimeDelta::Millis(500));
  const uint64_t with_loss = rig_.room_.audio_stats().fec_frames;
  EXPECT_GE(with_loss, 20u);  // every 20 ms tick of b's mix
  rig_.LinkOf(*b_).audio_loss_percent.store(0);
  rig_.Run(TimeDelta::Millis(500));
  EXPECT_LE(rig_.room_.audio_stats().fec_frames, with_loss + 1);
}

TEST_F(RoomAudioTest, MutedPointIsInNoMix) {
  ASSERT_TRUE(rig_.room_.SetMuted(rig_.IdOf(*chair_), true));
  rig_.Run(TimeDelta::Millis(500));
  EXPECT_LT(a_->Heard(kChairHz), kAbsent);
  EXPECT_LT(b_->Heard(kChairHz), kAbsent);
}

TEST_F(RoomAudioTest, RemoteControlKeysQueueARequestForTheChair) {
  a_->SendKey('*');
  a_->SendKey('1');
  rig_.Run(TimeDelta::Millis(600));
  auto snapshot = rig_.room_.Snapshot();
  ASSERT_EQ(snapshot.floor_queue.size(), 1u);
  EXPECT_EQ(snapshot.floor_queue[0].participant, rig_.IdOf(*a_));
  ASSERT_FALSE(rig_.floor_events_.empty());
  EXPECT_EQ(rig_.floor_events_.back().actor, FloorActor::kTerminal);
  // Still silent until the chair grants it.
  EXPECT_LT(b_->Heard(kBranchAHz), kAbsent);
  // A terminal cannot grant itself: the chair does.
  EXPECT_FALSE(rig_.room_.GrantFloor(rig_.IdOf(*a_), FloorActor::kTerminal));
  ASSERT_TRUE(rig_.room_.GrantFloor(rig_.IdOf(*a_), FloorActor::kChair));
  rig_.Run(TimeDelta::Millis(500));
  EXPECT_GT(b_->Heard(kBranchAHz), kPresent);
}

TEST_F(RoomAudioTest, OpenModeMixesTheLoudestWithoutTheFloor) {
  ASSERT_TRUE(rig_.room_.SetMode(SpeakingMode::kOpen));
  rig_.Run(TimeDelta::Millis(800));
  EXPECT_GT(b_->Heard(kBranchAHz), kPresent);
  EXPECT_GT(a_->Heard(kBranchBHz), kPresent);
  EXPECT_GT(chair_->Heard(kBranchAHz), kPresent);
}

TEST(RoomPin, CallerMustTypeThePinBeforeJoiningTheMix) {
  RoomConfig config;
  config.pin = "4321";
  ConferenceRig rig(config);
  TestTerminal& chair = rig.Join("chair", ParticipantRole::kChair, kChairHz);
  (void)chair;
  auto id = rig.room_.AddParticipant(ParticipantInfo{.name = "guest", .uri = "sip:guest@x", .pin_required = true});
  ASSERT_TRUE(id);
  EXPECT_TRUE(rig.room_.Participant(*id)->awaiting_pin);
  for (char key : std::string("11#11#11#")) rig.room_.OnDtmf(*id, key);
  ASSERT_EQ(rig.hangups_.size(), 1u);
  EXPECT_EQ(rig.hangups_[0], *id);
}

}  // namespace
}  // namespace softmcu
