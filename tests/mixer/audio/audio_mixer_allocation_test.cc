// Steady-state audio ticks must not touch the heap (DESIGN.md "Threads"); counted with
// tests/mixer/allocation_counter.h.

#include <gtest/gtest.h>

#include <vector>

#include "mixer/audio/audio_mixer.h"
#include "tests/mixer/allocation_counter.h"
#include "tests/mixer/audio/audio_test_tones.h"

namespace softmcu {
namespace {

TEST(AudioMixerAllocation, SteadyStateTicksDoNotAllocate) {
  for (SpeakingMode mode : {SpeakingMode::kChairControlled, SpeakingMode::kOpen}) {
    AudioMixer mixer(AudioMixerConfig{.mode = mode, .max_participants = 64, .max_contributors = 8});
    std::vector<AudioFrame> frames;
    std::vector<AudioInput> inputs;
    for (ParticipantId id = 1; id <= 50; ++id) {
      ASSERT_TRUE(mixer.AddParticipant(id, id == 1 ? ParticipantRole::kChair : ParticipantRole::kBranch));
      frames.push_back(test::Tone(100.0 + 50 * id, 2000));
    }
    ASSERT_TRUE(mixer.SetDeaf(7, PointDeaf::kDeaf));
    for (ParticipantId id = 1; id <= 50; ++id) {
      inputs.push_back({id, &frames[id - 1], static_cast<uint8_t>(10 + id % 40)});
    }
    const ParticipantId holders[] = {2, 3};
    mixer.SetFloorHolders(holders);

    Timestamp now = Timestamp::Seconds(1);
    testing::StartCountingAllocations();
    for (int tick = 0; tick < 200; ++tick, now += TimeDelta::Millis(20)) {
      // Speakers change during the run, so open-mode membership changes too.
      inputs[tick % 50].level = static_cast<uint8_t>(tick % 7);
      auto mixes = mixer.Mix(now, inputs);
      if (mixes.empty()) break;
    }
    EXPECT_EQ(testing::StopCountingAllocations(), 0) << ToString(mode);
  }
}

}  // namespace
}  // namespace softmcu
