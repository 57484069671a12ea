#pragma once
// Reads the stamps in every tile of a received composite (an MCU's layout frame): which
// endpoint each tile shows, and which of its frames. The layout is forced (--layout) or
// found: every built-in layout (TileLayouts) is tried and the one whose tiles read the most
// valid stamps wins — a wrong layout's tiles cut stamps at the wrong places, and the sync
// cells and CRC reject those reads. Detection re-runs when the current layout reads fewer
// stamps than before and every `redetect_interval` frames (layouts change during a meeting).
//
// A tile is read with each band fraction of the renditions in use (they coincide for the
// standard 16:9 sizes, so usually once).
//
// Input is decoded MCU output (network input): any size, any content; an unreadable tile is
// an empty slot, never a guess. Allocates only when the canvas size changes (the layouts
// are re-mapped). One stream, one thread.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "media/video/i420_view.h"
#include "tools/loadgen/stamp_code.h"
#include "tools/loadgen/tile_layouts.h"

namespace softmcu::loadgen {

class CompositeReader {
 public:
  struct Options {
    std::optional<std::string> forced_layout;  // a built-in name; nullopt: detect
    std::vector<double> band_fractions = {16.0 / 90.0};
    int redetect_interval = 30;
  };

  struct Read {
    const TileLayout* layout = nullptr;  // nullptr: no layout read anything
    std::vector<std::optional<VideoStamp>> tiles;  // one per tile of `layout`
    int valid = 0;
  };

  explicit CompositeReader(Options options);

  // Valid until the next call.
  const Read& ReadComposite(const I420View& picture);

  const std::string& layout_name() const;
  uint64_t detections() const { return detections_; }

 private:
  int ReadLayout(const I420View& picture, const TileLayout& layout, std::vector<std::optional<VideoStamp>>& out) const;
  std::optional<VideoStamp> ReadTile(const I420View& picture, const StampRect& rect) const;
  void Detect(const I420View& picture);

  const Options options_;
  int width_ = 0;
  int height_ = 0;
  std::vector<TileLayout> layouts_;
  std::optional<size_t> current_;
  int current_valid_ = 0;
  int frames_since_detect_ = 0;
  uint64_t detections_ = 0;
  Read read_;
  std::vector<std::optional<VideoStamp>> scratch_;
};

}  // namespace softmcu::loadgen
