// Steady-state audio ticks must not touch the heap (DESIGN.md "Threads"). This file
// replaces the global operator new of mixer_tests with a counting one; counting is off
// except inside the measured block, so the other tests are unaffected.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "mixer/audio/audio_mixer.h"
#include "tests/mixer/audio/audio_test_tones.h"

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
}  // namespace

namespace {
void* CountedAlloc(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(size ? size : 1);
}
}  // namespace

// Every non-aligned form, so that new and delete always pair up (ASan checks that).
void* operator new(std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = CountedAlloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return CountedAlloc(size);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

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
    counting = true;
    for (int tick = 0; tick < 200; ++tick, now += TimeDelta::Millis(20)) {
      // Speakers change during the run, so open-mode membership changes too.
      inputs[tick % 50].level = static_cast<uint8_t>(tick % 7);
      auto mixes = mixer.Mix(now, inputs);
      if (mixes.empty()) break;
    }
    counting = false;
    EXPECT_EQ(allocations.exchange(0), 0) << ToString(mode);
  }
}

}  // namespace
}  // namespace softmcu
