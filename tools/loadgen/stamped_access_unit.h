#pragma once
// Assembles what one endpoint sends for one frame: the material's access unit with the
// band slice replaced by this endpoint's stamp — prefix NAL units (SPS, PPS before an IDR),
// the stamp slice, the material's other slices — as one Annex B buffer for H264Packetizer.
//
// One per event-loop thread, shared by every endpoint on it: the buffer is reused, so the
// returned span is valid until the next Write(). Nothing is allocated after construction.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "tools/loadgen/stamp_code.h"
#include "tools/loadgen/stamp_slice_writer.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {

class StampedAccessUnit {
 public:
  explicit StampedAccessUnit(const VideoMaterial& material);

  // `reference_cells`: the stamp cells of the previous reference frame this endpoint sent,
  // when the decoder holds it (P frames skip unchanged cells); nullopt codes the whole band.
  // nullopt if the result does not fit (a programmer error: capacity comes from the material).
  std::optional<std::span<const uint8_t>> Write(const VideoRendition& rendition, size_t frame_index,
                                                uint64_t cells, std::optional<uint64_t> reference_cells);

 private:
  std::vector<uint8_t> buffer_;
  StampSliceWriter slice_writer_;
};

}  // namespace softmcu::loadgen
