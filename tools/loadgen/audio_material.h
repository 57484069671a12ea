#pragma once
// The audio every synthetic endpoint sends, encoded ONCE at start-up with OpusEncoder (20 ms
// frames, 48 kHz mono): a loop of quiet noise (-50 dBFS, so the stream is a real Opus
// stream at a realistic rate, not DTX silence) and, per endpoint id, the few packets of its
// marker (AudioMarker) on the same noise. Encoding per endpoint per frame would cost ~1 % of
// a core per endpoint; with the material shared, an endpoint's packet costs SRTP and a send.
//
// Each id's marker is encoded by a fresh encoder warmed up on the noise, so the decoder,
// which was decoding the noise loop when the marker packets are spliced in, is in a
// matching state: the splice costs a small transient in the noise, not in the tones.
//
// Immutable after Build(); shared read-only by every endpoint on every thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/result.h"
#include "core/units.h"

namespace softmcu::loadgen {

struct AudioMaterialOptions {
  DataRate bitrate = DataRate::KilobitsPerSec(32);
  int complexity = 5;
  int loop_frames = 50;     // 1 s of noise
  uint32_t marker_ids = 1;  // markers for ids 0 .. marker_ids - 1
  int threads = 2;
};

class AudioMaterial {
 public:
  // Packets per marker: 5 frames carry the 100 ms marker, the 6th its decay into the noise.
  static constexpr int kMarkerPackets = 6;
  static constexpr int kFrameSamples = 960;

  static Result<std::unique_ptr<AudioMaterial>> Build(const AudioMaterialOptions& options);

  size_t loop_frames() const { return background_.size(); }
  std::span<const uint8_t> background(size_t index) const { return Payload(background_[index % background_.size()]); }
  uint32_t marker_ids() const { return marker_ids_; }
  // Packet k (0 .. kMarkerPackets - 1) of id's marker; id < marker_ids().
  std::span<const uint8_t> marker(uint32_t id, int k) const {
    return Payload(markers_[static_cast<size_t>(id) * kMarkerPackets + static_cast<size_t>(k)]);
  }
  // The noise loop's own rate (what an endpoint sends between markers).
  DataRate encoded_bitrate() const;

 private:
  struct Slot {
    uint32_t offset = 0;
    uint32_t size = 0;
  };
  std::span<const uint8_t> Payload(Slot s) const { return {bytes_.data() + s.offset, s.size}; }

  std::vector<uint8_t> bytes_;
  std::vector<Slot> background_;
  std::vector<Slot> markers_;
  uint32_t marker_ids_ = 0;
};

}  // namespace softmcu::loadgen
