#pragma once
// Site-name labels and slate texts as coverage masks, rasterised with FreeType from a
// Debian font (DejaVu Sans, fonts-dejavu-core), which has the precomposed Vietnamese
// letters ("UBND huyện Triệu Sơn") and the combining tone marks for decomposed input.
//
// A label is rasterised once: Render() caches the finished mask per (text, pixel size,
// maximum width), and the compositor keeps the returned pointer for as long as the tile
// shows that label, so the per-frame cost of a label is a blend, never FreeType.
//
// Text handling: UTF-8 (malformed bytes become U+FFFD, see utf8.h); control characters
// become spaces; a character the font lacks is drawn as U+FFFD (a visible "?" diamond)
// and counted, never as the font's .notdef box; kerning from the font's 'kern' table;
// combining marks sit on the previous letter (the font positions them, advance 0).
// Too wide for `max_width`: whole characters are dropped from the end and "…" appended;
// if not even "…" fits, the mask is clipped to `max_width`. A mask is never wider than
// `max_width`, so a compositor that places it inside its tile never writes outside it.
//
// Ownership and threads: one renderer per thread (a FreeType face is not thread-safe); it
// owns its FT_Library and FT_Face. Masks are immutable and may be shared and outlive it.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace softmcu {

inline constexpr char kDefaultLabelFont[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// An 8-bit coverage mask: 0 = background, 255 = fully inside a glyph.
struct LabelBitmap {
  int width = 0;
  int height = 0;
  int baseline = 0;  // rows from the top of the mask to the text's baseline
  std::vector<uint8_t> alpha;  // width x height, row-major, no padding
  bool truncated = false;      // an ellipsis replaced the end, or the mask was clipped
  int missing_glyphs = 0;      // characters the font has no glyph for (drawn as U+FFFD)

  uint8_t at(int x, int y) const { return alpha[static_cast<size_t>(y) * width + x]; }
};

// Where one character of a label went: what tests use to look for ink where a
// character is and to check that no glyph is the font's .notdef (glyph index 0).
struct PlacedGlyph {
  char32_t code_point = 0;   // after substitution (a missing character shows as U+FFFD)
  uint32_t glyph_index = 0;  // in the font; 0 would be .notdef, which is never drawn
  int x = 0;                 // pen position in the mask, pixels
  int advance = 0;           // pixels
};

struct LabelRendererStats {
  uint64_t rasterised = 0;  // masks built (cache misses)
  uint64_t cache_hits = 0;
  uint64_t evictions = 0;
};

class LabelRenderer {
 public:
  static constexpr int kMinPixelSize = 6;
  static constexpr int kMaxPixelSize = 256;
  // Code points looked at; beyond that no tile is wide enough anyway.
  static constexpr size_t kMaxCodePoints = 256;

  // kUnavailable when the font cannot be opened, naming the file and the package.
  static Result<std::unique_ptr<LabelRenderer>> Create(const std::string& font_path = kDefaultLabelFont,
                                                       size_t cache_entries = 256);
  ~LabelRenderer();
  LabelRenderer(const LabelRenderer&) = delete;
  LabelRenderer& operator=(const LabelRenderer&) = delete;

  // The mask of `text` at `pixel_size` (clamped to kMinPixelSize..kMaxPixelSize), at most
  // `max_width` pixels wide (<= 0 gives an empty mask). Never null.
  std::shared_ptr<const LabelBitmap> Render(std::string_view text, int pixel_size, int max_width);

  // The glyphs Render() would place for `text` without a width limit (for tests and for
  // diagnostics: which characters the font lacks).
  std::vector<PlacedGlyph> Place(std::string_view text, int pixel_size);

  const LabelRendererStats& stats() const { return stats_; }

 private:
  struct Impl;
  explicit LabelRenderer(std::unique_ptr<Impl> impl);

  std::shared_ptr<const LabelBitmap> Rasterise(std::string_view text, int pixel_size, int max_width);

  std::unique_ptr<Impl> impl_;
  LabelRendererStats stats_;
};

}  // namespace softmcu
