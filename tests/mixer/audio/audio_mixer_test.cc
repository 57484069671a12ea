#include "mixer/audio/audio_mixer.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/mixer/audio/audio_test_tones.h"

namespace softmcu {
namespace {

using test::IsSilent;
using test::Tone;
using test::ToneAmplitude;

constexpr ParticipantId kChair = 1;
// Branch points and their tones.
const std::map<ParticipantId, double> kToneOf = {{1, 300}, {2, 500},  {3, 700},
                                                 {4, 900}, {5, 1100}, {6, 1300}};
constexpr double kAmplitude = 3000;
constexpr double kPresent = kAmplitude * 0.95;
constexpr double kAbsent = 20;

const Timestamp kT0 = Timestamp::Seconds(50);
constexpr TimeDelta kTick = TimeDelta::Millis(20);

// A room: participant 1 is the chair, the rest branches; every one speaks its tone at
// the level given (−dBov).
class Room {
 public:
  explicit Room(AudioMixerConfig config, size_t points = 6) : mixer_(config) {
    for (ParticipantId id = 1; id <= points; ++id) {
      EXPECT_TRUE(
          mixer_.AddParticipant(id, id == kChair ? ParticipantRole::kChair : ParticipantRole::kBranch));
      frames_[id] = Tone(kToneOf.at(id), kAmplitude);
      levels_[id] = 20;
    }
  }
  AudioMixer& mixer() { return mixer_; }
  void SetLevel(ParticipantId id, uint8_t level) { levels_[id] = level; }
  void Silence(ParticipantId id) { speaking_[id] = false; }

  std::span<const AudioMix> Tick() {
    inputs_.clear();
    for (auto& [id, frame] : frames_) {
      if (speaking_.count(id) && !speaking_[id]) continue;
      inputs_.push_back({id, &frame, levels_[id]});
    }
    auto mixes = mixer_.Mix(now_, inputs_);
    now_ += kTick;
    return mixes;
  }

 private:
  AudioMixer mixer_;
  std::map<ParticipantId, AudioFrame> frames_;
  std::map<ParticipantId, uint8_t> levels_;
  std::map<ParticipantId, bool> speaking_;
  std::vector<AudioInput> inputs_;
  Timestamp now_ = kT0;
};

// The mix `listener` receives this tick.
const AudioMix& MixOf(std::span<const AudioMix> mixes, ParticipantId listener) {
  for (const AudioMix& m : mixes) {
    for (ParticipantId id : m.listeners)
      if (id == listener) return m;
  }
  ADD_FAILURE() << "participant " << listener << " receives no mix";
  return mixes[0];
}

// Which participants' tones `frame` holds.
std::vector<ParticipantId> Heard(const AudioFrame& frame) {
  std::vector<ParticipantId> heard;
  for (auto [id, hz] : kToneOf) {
    const double a = ToneAmplitude(frame, hz);
    if (a > kPresent)
      heard.push_back(id);
    else
      EXPECT_LT(a, kAbsent) << "participant " << id << " partly present: " << a;
  }
  return heard;
}

using Ids = std::vector<ParticipantId>;

AudioMixerConfig SharedFloor() {
  return AudioMixerConfig{.mode = SpeakingMode::kChairControlled};
}
AudioMixerConfig Open(size_t k) {
  return AudioMixerConfig{.mode = SpeakingMode::kOpen, .open_speakers = k};
}

TEST(AudioMixer, EachContributorHearsEveryoneElseButItself) {
  Room room(SharedFloor());
  const ParticipantId holders[] = {2, 3, 4};
  room.mixer().SetFloorHolders(holders);
  auto mixes = room.Tick();
  EXPECT_EQ(Heard(*MixOf(mixes, 1).frame), (Ids{2, 3, 4}));
  EXPECT_EQ(Heard(*MixOf(mixes, 2).frame), (Ids{1, 3, 4}));
  EXPECT_EQ(Heard(*MixOf(mixes, 3).frame), (Ids{1, 2, 4}));
  EXPECT_EQ(Heard(*MixOf(mixes, 4).frame), (Ids{1, 2, 3}));
  EXPECT_EQ(MixOf(mixes, 2).kind, AudioMixKind::kMinusOne);
  EXPECT_EQ(MixOf(mixes, 2).excluded, 2u);
}

TEST(AudioMixer, NonContributorsShareOneFullMix) {
  Room room(SharedFloor());
  const ParticipantId holders[] = {2};
  room.mixer().SetFloorHolders(holders);
  auto mixes = room.Tick();
  ASSERT_EQ(mixes.size(), 3u);  // full + N−1 for the chair + N−1 for the holder
  EXPECT_EQ(mixes[0].kind, AudioMixKind::kFull);
  EXPECT_EQ(Ids(mixes[0].listeners.begin(), mixes[0].listeners.end()), (Ids{3, 4, 5, 6}));
  EXPECT_EQ(Heard(*mixes[0].frame), (Ids{1, 2}));
}

TEST(AudioMixer, EveryParticipantListensToExactlyOneMix) {
  Room room(Open(3));
  ASSERT_TRUE(room.mixer().SetDeaf(5, PointDeaf::kDeaf));
  for (int tick = 0; tick < 5; ++tick) {
    std::map<ParticipantId, int> count;
    for (const AudioMix& m : room.Tick())
      for (ParticipantId id : m.listeners) ++count[id];
    ASSERT_EQ(count.size(), 6u);
    for (auto [id, n] : count) EXPECT_EQ(n, 1) << id;
  }
}

TEST(AudioMixer, MutedPointIsAbsentFromEveryMix) {
  for (SpeakingMode mode : {SpeakingMode::kChairControlled, SpeakingMode::kOpen}) {
    Room room(AudioMixerConfig{.mode = mode, .open_speakers = 6});
    const ParticipantId holders[] = {2, 3};
    room.mixer().SetFloorHolders(holders);
    ASSERT_TRUE(room.mixer().SetMute(2, PointMute::kMuted));
    auto mixes = room.Tick();
    for (const AudioMix& m : mixes)
      EXPECT_LT(ToneAmplitude(*m.frame, kToneOf.at(2)), kAbsent) << ToString(mode);
    EXPECT_EQ(Heard(*MixOf(mixes, 2).frame).empty(), false);  // a muted point still hears
    for (const SpeakerLevel& l : room.mixer().levels()) EXPECT_NE(l.participant, 2u);
  }
}

TEST(AudioMixer, ChairControlledBranchIsHeardOnlyWhileItHoldsTheFloor) {
  Room room(SharedFloor());
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{1}));  // ungranted: only the chair
  const ParticipantId granted[] = {3};
  room.mixer().SetFloorHolders(granted);
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{1, 3}));  // heard from the very next tick
  room.mixer().SetFloorHolders({});
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{1}));  // and gone within one tick
}

TEST(AudioMixer, ChairControlledIgnoresAnUngrantedBranchsOwnUnmute) {
  Room room(SharedFloor());
  ASSERT_TRUE(room.mixer().SetMute(4, PointMute::kUnmuted));
  room.SetLevel(4, 0);  // and it shouts
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{1}));
  for (const SpeakerLevel& l : room.mixer().levels()) EXPECT_EQ(l.audible, l.participant == kChair);
}

TEST(AudioMixer, DeafPointIsSentSilenceButIsStillHeard) {
  Room room(SharedFloor());
  const ParticipantId holders[] = {2};
  room.mixer().SetFloorHolders(holders);
  ASSERT_TRUE(room.mixer().SetDeaf(2, PointDeaf::kDeaf));
  ASSERT_TRUE(room.mixer().SetDeaf(5, PointDeaf::kDeaf));
  auto mixes = room.Tick();
  const AudioMix& silence = MixOf(mixes, 2);
  EXPECT_EQ(silence.kind, AudioMixKind::kSilence);
  EXPECT_TRUE(IsSilent(*silence.frame));
  EXPECT_EQ(Ids(silence.listeners.begin(), silence.listeners.end()), (Ids{2, 5}));
  EXPECT_EQ(Heard(*MixOf(mixes, 1).frame), (Ids{2}));
}

TEST(AudioMixer, GainScalesAPointsVoice) {
  Room room(SharedFloor());
  const ParticipantId holders[] = {2, 3};
  room.mixer().SetFloorHolders(holders);
  ASSERT_TRUE(room.mixer().SetGain(2, 0.5));
  ASSERT_TRUE(room.mixer().SetGain(3, 0.0));
  auto mixes = room.Tick();
  EXPECT_NEAR(ToneAmplitude(*mixes[0].frame, kToneOf.at(2)), kAmplitude / 2, 5);
  EXPECT_LT(ToneAmplitude(*mixes[0].frame, kToneOf.at(3)), kAbsent);
  EXPECT_FALSE(room.mixer().SetGain(2, 4.5).has_value());
  EXPECT_FALSE(room.mixer().SetGain(2, -1).has_value());
  EXPECT_FALSE(room.mixer().SetGain(2, std::nan("")).has_value());
}

TEST(AudioMixer, LimiterNeverWrapsTenFullScaleTonesInPhase) {
  AudioMixer mixer(
      AudioMixerConfig{.mode = SpeakingMode::kOpen, .max_contributors = 12, .open_speakers = 10});
  const AudioFrame loud = Tone(440, 32767);
  std::vector<AudioInput> inputs;
  for (ParticipantId id = 1; id <= 11; ++id) {
    ASSERT_TRUE(mixer.AddParticipant(id, ParticipantRole::kBranch));
    if (id <= 10) inputs.push_back({id, &loud, 0});
  }
  auto mixes = mixer.Mix(kT0, inputs);
  ASSERT_EQ(mixer.contributors().size(), 10u);
  for (const AudioMix& m : mixes) {
    const int voices = m.kind == AudioMixKind::kFull ? 10 : 9;
    int peak = 0;
    for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
      const int64_t sum = int64_t{voices} * loud.samples[n];
      const int y = m.frame->samples[n];
      peak = std::max(peak, std::abs(y));
      ASSERT_LE(std::abs(y), 32767);
      if (sum > 0) {
        ASSERT_GT(y, 0) << n;
      } else if (sum < 0) {
        ASSERT_LT(y, 0) << n;
      } else {
        ASSERT_EQ(y, 0) << n;
      }
    }
    EXPECT_GT(peak, 32000);  // loud, but limited rather than folded back
  }
}

TEST(AudioMixer, OpenModeMixesTheKLoudest) {
  Room room(Open(3));
  const uint8_t levels[] = {0, 40, 10, 30, 20, 50};  // −dBov of participants 1..6
  for (ParticipantId id = 1; id <= 6; ++id) room.SetLevel(id, levels[id - 1]);
  auto mixes = room.Tick();
  EXPECT_EQ(Heard(*mixes[0].frame), (Ids{1, 3, 5}));
  EXPECT_EQ(Ids(room.mixer().contributors().begin(), room.mixer().contributors().end()), (Ids{1, 3, 5}));
}

TEST(AudioMixer, OpenModeIgnoresInputsBelowTheActivityLevel) {
  Room room(Open(3));
  for (ParticipantId id = 1; id <= 6; ++id) room.SetLevel(id, id == 4 ? 30 : 90);
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{4}));
}

TEST(AudioMixer, OpenModeHysteresisKeepsAContributorThroughShortDips) {
  AudioMixerConfig config = Open(2);
  config.open_hold = TimeDelta::Millis(200);  // 10 ticks
  Room room(config);
  for (ParticipantId id = 1; id <= 6; ++id) room.SetLevel(id, 80);  // all quiet
  room.SetLevel(2, 10);
  room.SetLevel(3, 12);
  EXPECT_EQ(Heard(*room.Tick()[0].frame), (Ids{2, 3}));
  // Participant 4 flickers louder than 3 every other tick: 3 keeps its place, 4 never
  // gets in, and nobody flaps.
  for (int tick = 0; tick < 50; ++tick) {
    room.SetLevel(4, tick % 2 ? 5 : 40);
    ASSERT_EQ(Heard(*room.Tick()[0].frame), (Ids{2, 3})) << tick;
  }
}

TEST(AudioMixer, OpenModeReplacesAContributorThatStaysOutOfTheLoudestPastTheHold) {
  AudioMixerConfig config = Open(2);
  config.open_hold = TimeDelta::Millis(200);  // 10 ticks
  Room room(config);
  for (ParticipantId id = 1; id <= 6; ++id) room.SetLevel(id, 80);
  room.SetLevel(2, 10);
  room.SetLevel(3, 12);
  room.Tick();
  room.SetLevel(4, 5);  // steadily louder than 3 from now on
  int ticks_until_in = 0;
  while (Heard(*room.Tick()[0].frame) != Ids{2, 4}) {
    ASSERT_LT(++ticks_until_in, 20);
  }
  EXPECT_GE(ticks_until_in, 9);  // not before 3's hold ran out
}

TEST(AudioMixer, OpenModeSilentContributorLeavesAfterTheHold) {
  AudioMixerConfig config = Open(3);
  config.open_hold = TimeDelta::Millis(100);  // 5 ticks
  Room room(config);
  for (ParticipantId id = 1; id <= 6; ++id) room.SetLevel(id, id == 2 ? 10 : 90);
  room.Tick();
  room.Silence(2);
  for (int tick = 0; tick < 5; ++tick) room.Tick();
  EXPECT_TRUE(room.mixer().contributors().empty());
}

TEST(AudioMixer, LevelsReportUnmutedInputsAndWhetherTheyAreHeard) {
  Room room(SharedFloor(), 3);
  const ParticipantId holders[] = {2};
  room.mixer().SetFloorHolders(holders);
  room.SetLevel(3, 33);
  room.Tick();
  EXPECT_EQ(Ids(room.mixer().contributors().begin(), room.mixer().contributors().end()), (Ids{1, 2}));
  const std::vector<SpeakerLevel> expected = {{1, 20, true}, {2, 20, true}, {3, 33, false}};
  EXPECT_EQ(std::vector(room.mixer().levels().begin(), room.mixer().levels().end()), expected);
}

TEST(AudioMixer, ContributorsOverTheMaximumAreDroppedAndCounted) {
  AudioMixerConfig config = SharedFloor();
  config.max_contributors = 2;
  config.open_speakers = 2;
  Room room(config);
  const ParticipantId holders[] = {2, 3, 4};
  room.mixer().SetFloorHolders(holders);
  auto mixes = room.Tick();
  EXPECT_EQ(Heard(*mixes[0].frame), (Ids{1, 2}));  // the chair comes first
  EXPECT_EQ(room.mixer().stats().contributors_dropped, 2u);
}

TEST(AudioMixer, UnknownInputsAreCountedAndIgnored) {
  AudioMixer mixer(AudioMixerConfig{});
  ASSERT_TRUE(mixer.AddParticipant(1, ParticipantRole::kChair));
  const AudioFrame f = Tone(300, 1000);
  const AudioInput inputs[] = {{1, &f, 10}, {77, &f, 10}};
  auto mixes = mixer.Mix(kT0, inputs);
  EXPECT_EQ(mixer.stats().unknown_inputs, 1u);
  EXPECT_EQ(mixes.size(), 2u);
}

TEST(AudioMixer, ControlErrors) {
  AudioMixer mixer(AudioMixerConfig{.max_participants = 2});
  ASSERT_TRUE(mixer.AddParticipant(1, ParticipantRole::kChair));
  EXPECT_EQ(mixer.AddParticipant(1, ParticipantRole::kChair).error().code, ErrorCode::kAlreadyExists);
  ASSERT_TRUE(mixer.AddParticipant(2, ParticipantRole::kBranch));
  EXPECT_EQ(mixer.AddParticipant(3, ParticipantRole::kBranch).error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(mixer.SetMute(9, PointMute::kMuted).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(mixer.SetDeaf(9, PointDeaf::kDeaf).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(mixer.RemoveParticipant(9).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(mixer.RemoveParticipant(2));
  EXPECT_TRUE(mixer.AddParticipant(3, ParticipantRole::kBranch));
}

TEST(AudioMixerConfig, RejectsOutOfRangeValues) {
  EXPECT_FALSE((AudioMixerConfig{.max_contributors = 0}.Validate().has_value()));
  EXPECT_FALSE((AudioMixerConfig{.max_contributors = 2, .open_speakers = 3}.Validate().has_value()));
  EXPECT_FALSE((AudioMixerConfig{.max_participants = 0}.Validate().has_value()));
  EXPECT_TRUE(AudioMixerConfig{}.Validate().has_value());
}

}  // namespace
}  // namespace softmcu
