// Audio part of the media suite: what one 20 ms Opus frame costs on one core, the unit
// an MCU pays per participant per tick (decode every input, encode every distinct mix).
//
// What is measured (thread CPU time, so a busy neighbour costs wall time, not the figure):
//   - softmcu::OpusEncoder, µs per 20 ms frame, 48 kHz mono, 32 kbps VOIP, at complexity
//     1, 5 (the default) and 10, plus the bitrate it produced — the figures behind the
//     default complexity; and at complexity 5 with in-band FEC for 10 % reported loss;
//   - softmcu::OpusDecoder::NextFrame on that 32 kbps stream, µs per frame, against bare
//     opus_decode() calls on the same packets (the reference: the wrapper's parse, queue
//     and copy are its overhead); and one concealed (PLC) frame after a decoded one.
//
// Signal: 10 s of a speech-like test signal (harmonics of a gliding 110–190 Hz pitch under
// moving formants, a 4 Hz syllable envelope, a little noise), generated before timing, so
// SILK's VAD, pitch search and LBRR all do real work.
//
// How noise is cancelled: each figure is the median of kRounds passes over the signal;
// the softmcu and bare decoders alternate order between rounds.

#include <opus/opus.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "bench/suites.h"
#include "core/check.h"
#include "media/audio/audio_frame.h"
#include "media/audio/opus_decoder.h"
#include "media/audio/opus_encoder.h"

namespace softmcu::bench {
namespace {

constexpr int kRounds = 5;
constexpr int kSignalFrames = 500;  // 10 s

std::vector<AudioFrame> SpeechLikeSignal(int frames) {
  constexpr double kPi = std::numbers::pi;
  std::vector<AudioFrame> out(static_cast<size_t>(frames));
  uint32_t noise = 12345;
  for (int i = 0; i < frames; ++i) {
    AudioFrame& f = out[static_cast<size_t>(i)];
    f.rtp_timestamp = static_cast<uint32_t>(i * AudioFrame::kSamples);
    for (size_t n = 0; n < AudioFrame::kSamples; ++n) {
      const double t = static_cast<double>(i * AudioFrame::kSamples + n) / AudioFrame::kSampleRate;
      const double f0 = 150 + 40 * std::sin(2 * kPi * 0.7 * t);
      const double phase = 150 * t - 40 / (2 * kPi * 0.7) * std::cos(2 * kPi * 0.7 * t);
      const double f1 = 600 + 200 * std::sin(2 * kPi * 2.3 * t);
      const double f2 = 1400 + 500 * std::cos(2 * kPi * 1.9 * t);
      double v = 0;
      for (int h = 1; h * f0 < 4000; ++h) {
        const double hz = h * f0;
        const double gain =
            std::exp(-std::pow((hz - f1) / 250, 2)) + 0.6 * std::exp(-std::pow((hz - f2) / 350, 2)) + 0.03;
        v += gain * std::sin(2 * kPi * h * phase);
      }
      noise = noise * 1664525u + 1013904223u;
      const double hiss = (static_cast<double>(noise >> 16) / 65536.0 - 0.5) * 0.05;
      const double envelope = 0.15 + 0.85 * std::pow(std::sin(kPi * 4 * t), 2);
      f.samples[n] = static_cast<int16_t>(std::lround(5000 * (envelope * v + hiss)));
    }
  }
  return out;
}

struct EncodeFigures {
  double us_per_frame = 0;
  double kbps = 0;
  std::vector<std::vector<uint8_t>> payloads;  // of the last round
};

EncodeFigures MeasureEncode(const std::vector<AudioFrame>& signal, const OpusEncoder::Config& config,
                            int passes) {
  EncodeFigures figures;
  std::vector<double> round_us;
  std::array<uint8_t, OpusEncoder::kMaxPayloadSize> buf{};
  for (int round = 0; round < kRounds; ++round) {
    OpusEncoder encoder(config);  // fresh state: every round encodes the same stream
    figures.payloads.clear();
    size_t bytes = 0;
    const double start = ThreadCpuSeconds();
    for (int pass = 0; pass < passes; ++pass) {
      for (const AudioFrame& frame : signal) {
        const size_t n = encoder.Encode(frame, buf).value_or(0);
        bytes += n;
        if (pass == 0)
          figures.payloads.emplace_back(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(n));
      }
    }
    const double seconds = ThreadCpuSeconds() - start;
    const double frames = static_cast<double>(signal.size()) * passes;
    round_us.push_back(seconds / frames * 1e6);
    figures.kbps = static_cast<double>(bytes) * 8 / (frames * 0.020) / 1000;
  }
  figures.us_per_frame = Median(round_us);
  return figures;
}

double DecodeSoftmcu(const std::vector<std::vector<uint8_t>>& payloads, int passes) {
  OpusDecoder decoder;
  AudioFrame frame;
  int64_t sink = 0;
  const double start = ThreadCpuSeconds();
  for (int pass = 0; pass < passes; ++pass) {
    for (size_t i = 0; i < payloads.size(); ++i) {
      decoder.NextFrame(OpusDecoder::Packet{payloads[i], static_cast<uint32_t>(i * AudioFrame::kSamples)},
                        std::nullopt, &frame);
      sink += frame.samples[100];
    }
  }
  const double seconds = ThreadCpuSeconds() - start;
  SOFTMCU_CHECK(decoder.stats().errors == 0 && sink != 1);
  return seconds / static_cast<double>(payloads.size() * passes) * 1e6;
}

double DecodeBare(const std::vector<std::vector<uint8_t>>& payloads, int passes) {
  int error = 0;
  ::OpusDecoder* decoder = opus_decoder_create(AudioFrame::kSampleRate, 1, &error);
  SOFTMCU_CHECK(error == OPUS_OK);
  std::array<int16_t, AudioFrame::kSamples> pcm{};
  int64_t sink = 0;
  const double start = ThreadCpuSeconds();
  for (int pass = 0; pass < passes; ++pass) {
    for (const auto& p : payloads) {
      sink += opus_decode(decoder, p.data(), static_cast<opus_int32>(p.size()), pcm.data(),
                          static_cast<int>(AudioFrame::kSamples), 0);
      sink += pcm[100];
    }
  }
  const double seconds = ThreadCpuSeconds() - start;
  opus_decoder_destroy(decoder);
  SOFTMCU_CHECK(sink != 1);
  return seconds / static_cast<double>(payloads.size() * passes) * 1e6;
}

// Every other packet lost: concealment right after real audio, as it happens in a call
// (a decoder that never decoded anything only returns zeros). Only the PLC calls are timed.
double Conceal(const std::vector<std::vector<uint8_t>>& payloads) {
  OpusDecoder decoder;
  AudioFrame frame;
  double seconds = 0;
  for (size_t i = 0; i + 1 < payloads.size(); i += 2) {
    decoder.NextFrame(OpusDecoder::Packet{payloads[i], static_cast<uint32_t>(i * AudioFrame::kSamples)},
                      std::nullopt, &frame);
    const double start = ThreadCpuSeconds();
    decoder.NextFrame(std::nullopt, std::nullopt, &frame);
    seconds += ThreadCpuSeconds() - start;
  }
  SOFTMCU_CHECK(decoder.stats().plc == static_cast<int64_t>(payloads.size() / 2));
  return seconds / static_cast<double>(payloads.size() / 2) * 1e6;
}

}  // namespace

void RunAudioCodecBench(const SuiteOptions& options, BenchReport& report) {
  const std::vector<AudioFrame> signal = SpeechLikeSignal(kSignalFrames);
  const int passes = std::max(1, static_cast<int>(4 * options.scale));

  EncodeFigures default_figures;
  for (int complexity : {1, 5, 10}) {
    OpusEncoder::Config config;
    config.complexity = complexity;
    EncodeFigures figures = MeasureEncode(signal, config, passes);
    const std::string name = "opus encode 32kbps mono complexity " + std::to_string(complexity);
    report.Add(name + " us/frame", figures.us_per_frame, "us");
    report.Add(name + " bitrate", figures.kbps, "kbps");
    if (complexity == OpusEncoder::Config{}.complexity) default_figures = std::move(figures);
  }
  {
    OpusEncoder::Config config;
    config.packet_loss_percent = 10;  // FEC on (InbandFec::kWhenLossy)
    const EncodeFigures figures = MeasureEncode(signal, config, passes);
    report.Add("opus encode 32kbps mono complexity 5 + FEC for 10% loss us/frame", figures.us_per_frame,
               "us");
  }

  std::vector<double> softmcu_us, bare_us;
  for (int round = 0; round < 2 * kRounds; ++round) {
    if (round % 2 == 0) {
      softmcu_us.push_back(DecodeSoftmcu(default_figures.payloads, passes));
      bare_us.push_back(DecodeBare(default_figures.payloads, passes));
    } else {
      bare_us.push_back(DecodeBare(default_figures.payloads, passes));
      softmcu_us.push_back(DecodeSoftmcu(default_figures.payloads, passes));
    }
  }
  report.AddCompared("opus decode 32kbps mono us/frame, softmcu (ref: bare opus_decode)", Median(softmcu_us),
                     Median(bare_us), "us");
  std::vector<double> plc_us;
  for (int round = 0; round < kRounds; ++round) plc_us.push_back(Conceal(default_figures.payloads));
  report.Add("opus concealment (PLC) after a decoded frame us/frame", Median(plc_us), "us");
}

}  // namespace softmcu::bench
