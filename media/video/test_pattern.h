#pragma once
// Synthetic video stamped with its source and frame index (CONVENTIONS.md §16), for tests,
// the bench and synthetic endpoints: a smooth diagonal gradient, a box that moves with the
// frame index, optional fine texture, and along the top edge a row of 32 black/white cells
// carrying 20 bits of frame index and 12 bits of source id.
//
// The cells are sized as fractions of the picture (1/32 of its width, 1/16 of its height),
// so a stamp survives scaling into a tile and H.264 at conference bitrates; a compositor or
// codec test reads it back with ReadTestPatternStamp() and catches a wrong source, a
// reorder or a frozen picture.

#include <cstdint>
#include <optional>

#include "media/video/i420_view.h"

namespace softmcu {

enum class PatternTexture {
  kSmooth,    // gradient and box only: compresses well
  kTextured,  // plus sinusoids up to near Nyquist and fixed noise, like a camera picture:
              // what separates a good downscaler from an aliasing one
};

struct TestPatternStamp {
  uint32_t source_id = 0;    // low 12 bits
  uint64_t frame_index = 0;  // low 20 bits
};

void DrawTestPattern(const I420MutableView& picture, uint32_t source_id, uint64_t frame_index,
                     PatternTexture texture = PatternTexture::kSmooth);

// The stamp of a picture (or of a rectangle holding one), or nullopt if a cell reads as
// neither black nor white.
std::optional<TestPatternStamp> ReadTestPatternStamp(const I420View& picture);

}  // namespace softmcu
