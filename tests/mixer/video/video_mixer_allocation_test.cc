// Steady-state video ticks (new pictures in, canvases out) must not touch the heap
// (DESIGN.md "Threads"); counted with tests/mixer/allocation_counter.h.

#include <gtest/gtest.h>

#include <vector>

#include "mixer/layout/builtin_layouts.h"
#include "mixer/video/video_mixer.h"
#include "tests/mixer/allocation_counter.h"
#include "tests/mixer/video/video_test_frames.h"

namespace softmcu {
namespace {

enum class Consumer { kReleasesCanvas, kHoldsCanvasOneTick };

void RunTicks(Consumer consumer) {
  VideoMixerConfig config;
  auto mixer = std::move(*VideoMixer::Create(config));
  const Layout layout = *BuiltInLayout("3x3");
  std::vector<TileParticipant> roster;
  for (ParticipantId id = 1; id <= 9; ++id) {
    ASSERT_TRUE(mixer->AddSource(id, "\xC4\x90i\xE1\xBB\x83m c\xE1\xBA\xA7u " + std::to_string(id)));
    roster.push_back({id});
  }
  const auto assignment = *TileAssigner(layout).Assign({.participants = roster});
  const std::vector<ReceiverView> receivers = {
      {1, {layout, assignment, {640, 360}, DataRate::KilobitsPerSec(1000)}},
      {2, {layout, assignment, {640, 360}, DataRate::KilobitsPerSec(500)}}};
  ASSERT_TRUE(mixer->SetViews(receivers));
  mixer->SetHighlight(4);

  // The decoder's side: pictures made before the measured block (decoding is not ours).
  VideoFramePool sources({.max_frames_per_size = 64, .max_sizes = 1});
  std::vector<SharedVideoFrame> pictures;
  for (int i = 0; i < 20; ++i) {
    pictures.push_back(testing::MakeFlatFrame(sources, 320, 180, {static_cast<uint8_t>(40 + i), 128, 128}));
  }
  Timestamp now = Timestamp::Seconds(1);
  SharedVideoFrame held;
  auto tick = [&](int t) {
    for (ParticipantId id = 1; id <= 9; ++id) {
      if ((t + id) % 3 != 0) mixer->SetSourceFrame(id, pictures[(t + id) % pictures.size()]);
    }
    const auto outputs = mixer->Compose(now);
    if (consumer == Consumer::kHoldsCanvasOneTick) held = outputs[0].canvas;
    now += mixer->frame_interval();
  };
  for (int t = 0; t < 5; ++t) tick(t);  // warm: canvases and label masks exist
  testing::StartCountingAllocations();
  for (int t = 5; t < 65; ++t) tick(t);
  EXPECT_EQ(testing::StopCountingAllocations(), 0);
  const auto* stats = mixer->CompositorOf(*mixer->ViewOf(1));
  if (consumer == Consumer::kHoldsCanvasOneTick) {
    EXPECT_GT(stats->stats().copied_forward, 50u);
  } else {
    EXPECT_GT(stats->stats().in_place, 50u);
  }
}

TEST(VideoMixerAllocation, SteadyStateTicksDoNotAllocateInPlace) {
  RunTicks(Consumer::kReleasesCanvas);
}

TEST(VideoMixerAllocation, SteadyStateTicksDoNotAllocateWhenTheEncoderHoldsACanvas) {
  RunTicks(Consumer::kHoldsCanvasOneTick);
}

}  // namespace
}  // namespace softmcu
