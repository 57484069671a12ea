#pragma once
// The audio marker every synthetic endpoint sends periodically, and the detector that finds
// markers in received audio: audio latency (marker sent → marker heard in the MCU's mix) and
// whose marker it was.
//
// A marker is 100 ms of tones at -12 dBFS, phase-continuous, with 0.5 ms ramps at its ends:
//   20 ms sync tone (700 Hz), then 8 symbols of 10 ms, each one of four tones
//   (1400, 1800, 2200, 2600 Hz = 2 bits): 12 bits of endpoint id + a 4-bit CRC.
// Why this survives the path: Opus at speech bitrates keeps the energy and pitch of steady
// tones (the decoder's output is not sample-exact, but a tone stays a tone); an MCU's mixer
// adds other talkers' audio and its limiter compresses the peaks, neither of which moves a
// tone's frequency; the symbols are 400 Hz apart, far more than a 7.5 ms analysis window
// resolves (133 Hz). Two markers mixed on top of each other read as invalid (two strong
// tones in one symbol, or a CRC mismatch), never as a wrong endpoint.
//
// Detection (per received stream, on decoded 48 kHz mono PCM): Goertzel power at the sync
// frequency in 2.5 ms blocks gives the onset (the first block of two where the sync tone
// dominates and is above -30 dBFS); the symbols are then measured over the middle 7.5 ms of
// their 10 ms slots relative to that onset. The onset's precision is one block (2.5 ms).
//
// AudioMarker is pure; an AudioMarkerDetector belongs to one stream on one thread and
// allocates nothing after construction.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace softmcu::loadgen {

class AudioMarker {
 public:
  static constexpr int kSampleRate = 48000;
  static constexpr int kSyncSamples = 960;     // 20 ms
  static constexpr int kSymbolSamples = 480;   // 10 ms
  static constexpr int kSymbols = 8;
  static constexpr int kSamples = kSyncSamples + kSymbols * kSymbolSamples;  // 100 ms
  static constexpr double kSyncHz = 700;
  static constexpr std::array<double, 4> kSymbolHz = {1400, 1800, 2200, 2600};
  static constexpr double kAmplitude = 8192;  // -12 dBFS
  static constexpr uint32_t kMaxId = 4095;

  // Adds (mixes) the marker for `id` into `out` (kSamples or more; the rest untouched).
  static void Synthesize(uint32_t id, std::span<int16_t> out);
  // The 16 bits the symbols carry: id (12 bits) then CRC-4.
  static uint16_t Encode(uint32_t id);
  static std::optional<uint32_t> Decode(uint16_t bits);
};

struct DetectedMarker {
  uint32_t id = 0;
  // Samples into the detector's input at which the sync tone starts (block precision).
  int64_t onset_sample = 0;
};

class AudioMarkerDetector {
 public:
  static constexpr int kBlock = 120;  // 2.5 ms
  // Sync tone amplitude that counts (-30 dBFS), and how much of a block's energy it must hold.
  static constexpr double kMinAmplitude = 1036;
  static constexpr double kMinSyncShare = 0.5;

  struct Stats {
    uint64_t markers = 0;       // decoded
    uint64_t undecodable = 0;   // an onset whose symbols did not decode (collision, noise)
  };

  AudioMarkerDetector();

  // Feeds the next samples of the stream; returns a marker when one completes in them
  // (at most one per call: markers are 100 ms long, so feed at most ~100 ms at a time).
  std::optional<DetectedMarker> Feed(std::span<const int16_t> samples);

  int64_t samples_seen() const { return total_; }
  const Stats& stats() const { return stats_; }

 private:
  // Enough history for a whole marker after its onset, plus a block of slack.
  static constexpr int kHistory = 8192;
  static_assert(kHistory >= AudioMarker::kSamples + 2 * kBlock);

  int16_t At(int64_t sample) const { return history_[static_cast<size_t>(sample % kHistory)]; }
  void AnalyseBlock(int64_t start);
  std::optional<DetectedMarker> TryDecode();

  std::array<int16_t, kHistory> history_{};
  int64_t total_ = 0;        // samples fed
  int64_t analysed_ = 0;     // samples analysed in whole blocks
  int strong_blocks_ = 0;    // consecutive blocks where the sync tone dominates
  std::optional<int64_t> onset_;
  int64_t quiet_until_ = 0;  // no new onset before this sample (the marker being read)
  Stats stats_;
};

}  // namespace softmcu::loadgen
