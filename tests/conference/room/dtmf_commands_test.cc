#include "conference/room/dtmf_commands.h"
#include "conference/room/participant_state.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(DtmfCommands, StarOneRequestsTheFloor) {
  DtmfCommands commands({});
  Timestamp t = Timestamp::Seconds(10);
  EXPECT_FALSE(commands.OnKey('*', t, false));
  auto result = commands.OnKey('1', t + TimeDelta::Millis(300), false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->command, DtmfCommand::kRequestFloor);
  // The sequence was consumed: another '1' alone does nothing.
  EXPECT_FALSE(commands.OnKey('1', t + TimeDelta::Millis(600), false));
}

TEST(DtmfCommands, StaleKeysAreForgotten) {
  DtmfCommands commands({});
  Timestamp t = Timestamp::Seconds(10);
  EXPECT_FALSE(commands.OnKey('*', t, false));
  EXPECT_FALSE(commands.OnKey('1', t + TimeDelta::Seconds(5), false));
}

TEST(DtmfCommands, StarZeroCancels) {
  DtmfCommands commands({});
  Timestamp t = Timestamp::Seconds(10);
  commands.OnKey('5', t, false);
  commands.OnKey('*', t, false);
  auto result = commands.OnKey('0', t, false);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->command, DtmfCommand::kCancelFloor);
}

TEST(DtmfCommands, PinModeCollectsDigitsUntilHash) {
  DtmfCommands commands({});
  Timestamp t = Timestamp::Seconds(10);
  for (char k : std::string("*1")) EXPECT_FALSE(commands.OnKey(k, t, true));  // no floor while typing a PIN
  for (char k : std::string("234")) EXPECT_FALSE(commands.OnKey(k, t, true));
  auto result = commands.OnKey('#', t, true);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->command, DtmfCommand::kPinEntered);
  EXPECT_EQ(result->pin, "*1234");
}

TEST(DtmfCommands, EndlessKeysKeepOnlyTheNewest) {
  DtmfCommands commands({});
  Timestamp t = Timestamp::Seconds(10);
  for (int i = 0; i < 100; ++i) commands.OnKey('9', t, true);
  auto result = commands.OnKey('#', t, true);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->pin.size(), DtmfCommands::kMaxKeys);
}

TEST(ParticipantStateMachine, TransitionsOfAMeeting) {
  using S = ParticipantState;
  using E = ParticipantEvent;
  EXPECT_EQ(NextState(S::kRinging, E::kAnswered), S::kConnected);
  EXPECT_EQ(NextState(S::kConnected, E::kMediaLost), S::kLost);
  EXPECT_EQ(NextState(S::kLost, E::kRedialing), S::kRinging);
  EXPECT_EQ(NextState(S::kLost, E::kMediaResumed), S::kConnected);
  EXPECT_EQ(NextState(S::kConnected, E::kLeft), S::kDisconnected);
  EXPECT_FALSE(NextState(S::kDisconnected, E::kAnswered));
  EXPECT_FALSE(NextState(S::kConnected, E::kRedialing));
}

}  // namespace
}  // namespace softmcu
