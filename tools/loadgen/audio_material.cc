#include "tools/loadgen/audio_material.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "media/audio/opus_encoder.h"
#include "tools/loadgen/audio_marker.h"

namespace softmcu::loadgen {
namespace {

constexpr int kWarmUpFrames = 5;
constexpr int kMarkerFrames = AudioMarker::kSamples / AudioMaterial::kFrameSamples;  // 5
static_assert(kMarkerFrames + 1 == AudioMaterial::kMarkerPackets);

// Deterministic white noise at about -50 dBFS RMS (uniform in ±180).
std::vector<AudioFrame> NoiseLoop(int frames) {
  std::vector<AudioFrame> loop(static_cast<size_t>(frames));
  uint32_t state = 0x2545F491u;
  for (auto& frame : loop) {
    for (auto& s : frame.samples) {
      state = state * 1664525u + 1013904223u;
      s = static_cast<int16_t>(static_cast<int>(state >> 23) % 361 - 180);
    }
  }
  return loop;
}

OpusEncoder::Config EncoderConfig(const AudioMaterialOptions& o) {
  OpusEncoder::Config c;
  c.bitrate = o.bitrate;
  c.complexity = o.complexity;
  c.inband_fec = OpusEncoder::InbandFec::kOff;
  return c;
}

}  // namespace

Result<std::unique_ptr<AudioMaterial>> AudioMaterial::Build(const AudioMaterialOptions& options) {
  if (options.loop_frames < kWarmUpFrames + kMarkerPackets || options.marker_ids > AudioMarker::kMaxId + 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     fmt::format("audio material: at least {} loop frames and at most {} marker ids",
                                 kWarmUpFrames + kMarkerPackets, AudioMarker::kMaxId + 1));
  }
  const std::vector<AudioFrame> noise = NoiseLoop(options.loop_frames);
  auto material = std::make_unique<AudioMaterial>();
  material->marker_ids_ = options.marker_ids;
  std::vector<uint8_t> payload(OpusEncoder::kMaxPayloadSize);
  auto store = [&payload](std::vector<uint8_t>& bytes, size_t size) {
    Slot slot{static_cast<uint32_t>(bytes.size()), static_cast<uint32_t>(size)};
    bytes.insert(bytes.end(), payload.begin(), payload.begin() + static_cast<ptrdiff_t>(size));
    return slot;
  };
  {
    OpusEncoder encoder(EncoderConfig(options));
    for (const AudioFrame& frame : noise) {
      auto size = encoder.Encode(frame, payload);
      if (!size) return MakeError(ErrorCode::kInternal, "audio material: Opus encoding failed");
      material->background_.push_back(store(material->bytes_, *size));
    }
  }
  // Markers per id, on a few threads: each id is independent (its own encoder).
  const uint32_t ids = options.marker_ids;
  std::vector<std::vector<uint8_t>> bytes(ids);
  std::vector<Slot> slots(static_cast<size_t>(ids) * kMarkerPackets);
  std::atomic<uint32_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    std::vector<uint8_t> out(OpusEncoder::kMaxPayloadSize);
    for (uint32_t id = next++; id < ids; id = next++) {
      OpusEncoder encoder(EncoderConfig(options));
      for (int i = 0; i < kWarmUpFrames; ++i) (void)encoder.Encode(noise[static_cast<size_t>(i)], out);
      std::array<int16_t, AudioMarker::kSamples> tone{};
      AudioMarker::Synthesize(id, tone);
      for (int k = 0; k < kMarkerPackets; ++k) {
        AudioFrame frame = noise[static_cast<size_t>(kWarmUpFrames + k)];
        if (k < kMarkerFrames) {
          for (int s = 0; s < kFrameSamples; ++s) {
            const int v = frame.samples[static_cast<size_t>(s)] + tone[static_cast<size_t>(k * kFrameSamples + s)];
            frame.samples[static_cast<size_t>(s)] = static_cast<int16_t>(std::clamp(v, -32768, 32767));
          }
        }
        auto size = encoder.Encode(frame, out);
        if (!size) {
          failed = true;
          return;
        }
        slots[static_cast<size_t>(id) * kMarkerPackets + static_cast<size_t>(k)] =
            Slot{static_cast<uint32_t>(bytes[id].size()), static_cast<uint32_t>(*size)};
        bytes[id].insert(bytes[id].end(), out.begin(), out.begin() + static_cast<ptrdiff_t>(*size));
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < std::max(1, options.threads); ++t) workers.emplace_back(work);
  work();
  for (auto& w : workers) w.join();
  if (failed) return MakeError(ErrorCode::kInternal, "audio material: Opus encoding failed");
  material->markers_.resize(slots.size());
  for (uint32_t id = 0; id < ids; ++id) {
    const auto base = static_cast<uint32_t>(material->bytes_.size());
    material->bytes_.insert(material->bytes_.end(), bytes[id].begin(), bytes[id].end());
    for (int k = 0; k < kMarkerPackets; ++k) {
      const size_t i = static_cast<size_t>(id) * kMarkerPackets + static_cast<size_t>(k);
      material->markers_[i] = Slot{base + slots[i].offset, slots[i].size};
    }
  }
  return material;
}

DataRate AudioMaterial::encoded_bitrate() const {
  size_t bytes = 0;
  for (const auto& s : background_) bytes += s.size;
  return DataRate::BitsPerSec(static_cast<int64_t>(bytes * 8 * 50 / std::max<size_t>(1, background_.size())));
}

}  // namespace softmcu::loadgen
