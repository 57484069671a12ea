#include "mixer/assignment/voice_switch.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace softmcu {
namespace {

constexpr TimeDelta kTick = TimeDelta::Millis(20);
constexpr uint8_t kQuiet = 90, kTalk = 30, kLoud = 20;

// Drives a VoiceSwitch tick by tick with levels from `script(tick)` for participants 1..3,
// and records the speaker after every tick.
struct Speech {
  VoiceSwitch vs;
  Timestamp now = Timestamp::Seconds(10);
  int tick = 0;
  std::vector<std::optional<ParticipantId>> speakers;
  int switches = 0;

  void For(TimeDelta duration, const std::function<std::array<uint8_t, 3>(int)>& script) {
    for (Timestamp end = now + duration; now < end; now += kTick, ++tick) {
      const auto l = script(tick);
      const SpeakerLevel levels[] = {{1, l[0]}, {2, l[1]}, {3, l[2]}};
      switches += vs.OnLevels(now, levels);
      speakers.push_back(vs.speaker());
    }
  }
  // Ticks until `id` is the speaker, from the start of the run.
  std::optional<int> FirstTickOf(ParticipantId id) const {
    for (size_t i = 0; i < speakers.size(); ++i)
      if (speakers[i] == id) return static_cast<int>(i);
    return std::nullopt;
  }
};

TEST(VoiceSwitch, FirstSpeakerTakesMainAfterOneSecondOfDominance) {
  Speech run;
  run.For(TimeDelta::Seconds(2), [](int) { return std::array{kQuiet, kTalk, kQuiet}; });
  EXPECT_EQ(run.FirstTickOf(2), 50);  // 1 s = 50 ticks after it started
  EXPECT_EQ(run.vs.state(), VoiceSwitchState::kHolding);
}

TEST(VoiceSwitch, NobodySpeakingMeansNoSpeaker) {
  Speech run;
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kQuiet, kQuiet, kQuiet}; });
  EXPECT_FALSE(run.vs.speaker().has_value());
  EXPECT_EQ(run.vs.state(), VoiceSwitchState::kNoSpeaker);
}

TEST(VoiceSwitch, NewSpeakerWaitsForTheHoldOfTheCurrentOne) {
  Speech run;
  run.For(TimeDelta::Seconds(1) + kTick, [](int) { return std::array{kTalk, kQuiet, kQuiet}; });
  ASSERT_EQ(run.vs.speaker(), 1u);  // on main since tick 50
  run.For(TimeDelta::Seconds(3), [](int) { return std::array{kQuiet, kLoud, kQuiet}; });
  // 2 dominates from tick 51 (1 s → tick 101) but 1 holds main until tick 150.
  EXPECT_EQ(run.FirstTickOf(2), 150);
  EXPECT_EQ(run.vs.previous_speaker(), 1u);
  EXPECT_EQ(run.switches, 2);
}

TEST(VoiceSwitch, SettledSpeakerIsReplacedAfterOneSecondOfDominance) {
  Speech run;
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kTalk, kQuiet, kQuiet}; });
  ASSERT_EQ(run.vs.state(), VoiceSwitchState::kSettled);
  const int start = run.tick;
  run.For(TimeDelta::Seconds(2), [](int) { return std::array{kQuiet, kQuiet, kLoud}; });
  EXPECT_EQ(run.FirstTickOf(3), start + 50);
}

TEST(VoiceSwitch, FlappingInputDoesNotFlapTheMainTile) {
  Speech run;
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kTalk, kQuiet, kQuiet}; });
  ASSERT_EQ(run.vs.speaker(), 1u);
  const int switches_before = run.switches;
  // 1 and 2 take turns being loudest every 200 ms for 20 s: neither dominates for 1 s.
  run.For(TimeDelta::Seconds(20), [](int t) {
    return (t / 10) % 2 ? std::array{kQuiet, kLoud, kQuiet} : std::array{kLoud, kQuiet, kQuiet};
  });
  EXPECT_EQ(run.switches, switches_before);
  EXPECT_EQ(run.vs.speaker(), 1u);
}

TEST(VoiceSwitch, PausesBetweenWordsDoNotResetTheCandidate) {
  Speech run;
  // Participant 2 talks 100 ms, pauses 100 ms (silence), repeatedly.
  run.For(TimeDelta::Seconds(2), [](int t) {
    return (t / 5) % 2 ? std::array{kQuiet, kQuiet, kQuiet} : std::array{kQuiet, kTalk, kQuiet};
  });
  EXPECT_EQ(run.FirstTickOf(2), 50);
}

TEST(VoiceSwitch, TiesKeepTheCurrentSpeaker) {
  Speech run;
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kQuiet, kTalk, kQuiet}; });
  ASSERT_EQ(run.vs.speaker(), 2u);
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kTalk, kTalk, kQuiet}; });
  EXPECT_EQ(run.vs.speaker(), 2u);
}

TEST(VoiceSwitch, SpeakerLeavingHandsMainBackToThePreviousSpeaker) {
  Speech run;
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kTalk, kQuiet, kQuiet}; });
  run.For(TimeDelta::Seconds(5), [](int) { return std::array{kQuiet, kTalk, kQuiet}; });
  ASSERT_EQ(run.vs.speaker(), 2u);
  run.vs.Remove(2, run.now);
  EXPECT_EQ(run.vs.speaker(), 1u);
  EXPECT_EQ(run.vs.state(), VoiceSwitchState::kHolding);
  run.vs.Remove(1, run.now);
  EXPECT_FALSE(run.vs.speaker().has_value());
  EXPECT_EQ(run.vs.state(), VoiceSwitchState::kNoSpeaker);
}

TEST(VoiceSwitchConfig, RejectsOutOfRangeValues) {
  EXPECT_FALSE((VoiceSwitchConfig{.min_hold = TimeDelta::Seconds(-1)}.Validate().has_value()));
  EXPECT_FALSE((VoiceSwitchConfig{.dominance = TimeDelta::Seconds(61)}.Validate().has_value()));
  EXPECT_FALSE((VoiceSwitchConfig{.activity_level = 128}.Validate().has_value()));
  EXPECT_TRUE(VoiceSwitchConfig{}.Validate().has_value());
}

}  // namespace
}  // namespace softmcu
