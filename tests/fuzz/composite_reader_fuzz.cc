// Fuzzes the stamp readers (tools/loadgen) on decoded pictures, which come from an MCU:
// CompositeReader (layout detection over every built-in layout) and StampReader on
// arbitrary rectangles.
//
// Input: width (1 byte, ×4, at least 8) | height (1 byte, ×4, at least 8) | rect x, y, w, h
// (1 byte each, ×8, signed-ish) | luma bytes, repeated to fill the picture.
//
// Invariants: no crash; a stamp read is a valid decode of StampCode (its fields in range).

#include <cstdint>
#include <cstring>
#include <span>

#include "media/video/video_frame.h"
#include "tools/loadgen/composite_reader.h"
#include "tools/loadgen/stamp_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu;
  using namespace softmcu::loadgen;
  if (size < 7) return 0;
  const int width = std::max(8, data[0] * 4);
  const int height = std::max(8, data[1] * 4);
  const StampRect rect{(data[2] - 64) * 8, (data[3] - 64) * 8, data[4] * 8, data[5] * 8};
  const std::span<const uint8_t> pixels(data + 6, size - 6);
  VideoFrame frame(width, height);
  for (int y = 0; y < height; ++y) {
    uint8_t* row = frame.mutable_data(Plane::kY) + static_cast<ptrdiff_t>(y) * frame.stride(Plane::kY);
    for (int x = 0; x < width; ++x) row[x] = pixels[(static_cast<size_t>(y) * width + x) % pixels.size()];
  }
  auto check = [](const std::optional<VideoStamp>& s) {
    if (s && (s->endpoint_id >= StampCode::kMaxEndpoints || s->sequence >= StampCode::kSequenceModulus ||
              s->rendition >= StampCode::kMaxRenditions)) {
      __builtin_trap();
    }
  };
  check(StampReader::Read(frame.view(), rect, 16.0 / 90.0));
  check(StampReader::Read(frame.view(), {0, 0, width, height}, (data[6] % 101) / 100.0));
  CompositeReader reader({});
  for (int i = 0; i < 2; ++i) {
    const auto& read = reader.ReadComposite(frame.view());
    for (const auto& tile : read.tiles) check(tile);
    if (read.layout && read.tiles.size() != read.layout->tiles.size()) __builtin_trap();
  }
  return 0;
}
