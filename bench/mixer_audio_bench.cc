// Audio mixing figures for `softmcu-bench mixer`: CPU time of one 20 ms AudioMixer tick
// (everything from taking the inputs to the limited mixes, no codec) for the two ways a
// conference runs:
//  - 200 points chair-controlled: the chair and 2 floor holders heard, every point
//    sending a decoded frame (the worst case: in production ungranted branches need not
//    be decoded at all);
//  - 50 points open, K = 3: the loudest three chosen each tick, speakers changing.
// A tick has a 20 ms budget; the figure is what one conference costs of it.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <span>
#include <vector>

#include "bench/suites.h"
#include "mixer/audio/audio_mixer.h"

namespace softmcu::bench {
namespace {

AudioFrame ToneFrame(double hz) {
  AudioFrame f;
  for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
    f.samples[n] =
        static_cast<int16_t>(std::lround(4000 * std::sin(2 * std::numbers::pi * hz * n / 48'000.0)));
  }
  return f;
}

double MicrosPerTick(AudioMixer& mixer, std::vector<AudioInput>& inputs, int64_t ticks) {
  Timestamp now = Timestamp::Seconds(1);
  size_t mixes = 0;
  const double start = ThreadCpuSeconds();
  for (int64_t t = 0; t < ticks; ++t, now += TimeDelta::Millis(20)) {
    // Move the loudest voice around so open-mode membership keeps changing.
    for (size_t i = 0; i < inputs.size(); ++i) {
      inputs[i].level = static_cast<uint8_t>(20 + (i * 7 + static_cast<size_t>(t / 25)) % 40);
    }
    mixes += mixer.Mix(now, inputs).size();
  }
  const double seconds = ThreadCpuSeconds() - start;
  if (mixes == 0) return 0;
  return seconds / static_cast<double>(ticks) * 1e6;
}

void Measure(const SuiteOptions& options, BenchReport& report, SpeakingMode mode, size_t points,
             std::span<const ParticipantId> holders, const char* name) {
  AudioMixer mixer(
      AudioMixerConfig{.mode = mode, .max_participants = 256, .max_contributors = 8, .open_speakers = 3});
  std::vector<AudioFrame> frames;
  frames.reserve(points);
  std::vector<AudioInput> inputs;
  for (ParticipantId id = 1; id <= points; ++id) {
    (void)mixer.AddParticipant(id, id == 1 ? ParticipantRole::kChair : ParticipantRole::kBranch);
    frames.push_back(ToneFrame(200.0 + 10 * id));
  }
  for (ParticipantId id = 1; id <= points; ++id) inputs.push_back({id, &frames[id - 1], 40});
  mixer.SetFloorHolders(holders);
  const auto ticks = std::max<int64_t>(100, static_cast<int64_t>(5000 * options.scale));
  MicrosPerTick(mixer, inputs, ticks / 10);  // warm-up
  report.Add(name, MicrosPerTick(mixer, inputs, ticks), "us/tick");
}

}  // namespace

void RunAudioMixBench(const SuiteOptions& options, BenchReport& report) {
  const ParticipantId holders[] = {2, 3};
  Measure(options, report, SpeakingMode::kChairControlled, 200, holders,
          "audio mix, 200 points chair-controlled (chair + 2 holders)");
  Measure(options, report, SpeakingMode::kOpen, 50, {}, "audio mix, 50 points open (K=3)");
}

}  // namespace softmcu::bench
