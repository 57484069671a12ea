#include "mixer/video/label_renderer.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "mixer/video/utf8.h"

namespace softmcu {
namespace {

constexpr char32_t kEllipsis = 0x2026;

int CeilPixels(FT_Pos v26_6) {
  return static_cast<int>((v26_6 + 63) >> 6);
}
int RoundPixels(FT_Pos v26_6) {
  return static_cast<int>((v26_6 + 32) >> 6);
}

// One glyph placed on the line, with its ink box relative to its pen position and the
// baseline (y up, as FreeType measures).
struct LineGlyph {
  PlacedGlyph placed;
  bool combining = false;
  bool space = false;
  int ink_left = 0;
  int ink_right = 0;
  int ink_top = 0;
  int ink_bottom = 0;
};

// Rightmost pixel the first `count` glyphs reach (pen advance or ink, whichever is further).
int Extent(const std::vector<LineGlyph>& glyphs, size_t count) {
  int extent = 0;
  for (size_t i = 0; i < count; ++i) {
    const LineGlyph& g = glyphs[i];
    extent = std::max({extent, g.placed.x + g.placed.advance, g.placed.x + g.ink_right});
  }
  return extent;
}

}  // namespace

struct LabelRenderer::Impl {
  struct CacheEntry {
    std::string text;
    int pixel_size;
    int max_width;
    std::shared_ptr<const LabelBitmap> bitmap;
    uint64_t last_used;
  };

  FT_Library library = nullptr;
  FT_Face face = nullptr;
  int current_size = 0;
  size_t cache_capacity = 0;
  std::vector<CacheEntry> cache;
  uint64_t use_counter = 0;

  ~Impl() {
    if (face != nullptr) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
  }

  void SetSize(int pixel_size) {
    if (pixel_size == current_size) return;
    FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(pixel_size));
    current_size = pixel_size;
  }

  // The glyph for `cp`, substituting U+FFFD (or '?') for a character the font lacks.
  uint32_t GlyphFor(char32_t& cp, int& missing) const {
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) cp = U' ';  // control characters
    if (FT_UInt index = FT_Get_Char_Index(face, cp); index != 0) return index;
    ++missing;
    cp = kReplacementCharacter;
    if (FT_UInt index = FT_Get_Char_Index(face, cp); index != 0) return index;
    cp = U'?';
    return FT_Get_Char_Index(face, cp);
  }

  // Lays out `cps` from pen position `pen` (26.6); appends to `out`, returns the new pen.
  FT_Pos Layout(const std::vector<char32_t>& cps, FT_Pos pen, std::vector<LineGlyph>& out, int& missing) const {
    FT_UInt previous_base = 0;
    for (char32_t cp : cps) {
      LineGlyph g;
      g.combining = IsCombiningMark(cp);
      const uint32_t index = GlyphFor(cp, missing);
      if (FT_Load_Glyph(face, index, FT_LOAD_DEFAULT) != 0) continue;
      if (!g.combining && previous_base != 0 && FT_HAS_KERNING(face)) {
        FT_Vector kerning{};
        if (FT_Get_Kerning(face, previous_base, index, FT_KERNING_DEFAULT, &kerning) == 0) pen += kerning.x;
      }
      const FT_Glyph_Metrics& m = face->glyph->metrics;
      g.placed = PlacedGlyph{cp, index, RoundPixels(pen), RoundPixels(face->glyph->advance.x)};
      g.space = cp == U' ';
      g.ink_left = static_cast<int>(m.horiBearingX >> 6);
      g.ink_right = CeilPixels(m.horiBearingX + m.width);
      g.ink_top = CeilPixels(m.horiBearingY);
      g.ink_bottom = static_cast<int>((m.horiBearingY - m.height) >> 6);
      pen += face->glyph->advance.x;
      if (!g.combining) previous_base = index;
      out.push_back(g);
    }
    return pen;
  }

  // Draws one glyph into the mask, keeping the higher coverage where glyphs overlap.
  void Blit(const LineGlyph& g, int baseline, LabelBitmap& mask) const {
    if (FT_Load_Glyph(face, g.placed.glyph_index, FT_LOAD_RENDER) != 0) return;
    const FT_GlyphSlot slot = face->glyph;
    const FT_Bitmap& bitmap = slot->bitmap;
    if (bitmap.pixel_mode != FT_PIXEL_MODE_GRAY || bitmap.buffer == nullptr) return;
    const int x0 = g.placed.x + slot->bitmap_left;
    const int y0 = baseline - slot->bitmap_top;
    const int pitch = std::abs(bitmap.pitch);
    for (int r = 0; r < static_cast<int>(bitmap.rows); ++r) {
      const int y = y0 + r;
      if (y < 0 || y >= mask.height) continue;
      // A negative pitch stores the rows bottom-up (FreeType's "flow" convention).
      const int source_row = bitmap.pitch >= 0 ? r : static_cast<int>(bitmap.rows) - 1 - r;
      const uint8_t* src = bitmap.buffer + static_cast<ptrdiff_t>(source_row) * pitch;
      for (int c = 0; c < static_cast<int>(bitmap.width); ++c) {
        const int x = x0 + c;
        if (x < 0 || x >= mask.width) continue;
        uint8_t& dst = mask.alpha[static_cast<size_t>(y) * mask.width + x];
        dst = std::max(dst, src[c]);
      }
    }
  }
};

LabelRenderer::LabelRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LabelRenderer::~LabelRenderer() = default;

Result<std::unique_ptr<LabelRenderer>> LabelRenderer::Create(const std::string& font_path,
                                                             size_t cache_entries) {
  auto impl = std::make_unique<Impl>();
  if (FT_Init_FreeType(&impl->library) != 0) {
    return MakeError(ErrorCode::kUnavailable, "labels: FreeType failed to initialise");
  }
  if (FT_New_Face(impl->library, font_path.c_str(), 0, &impl->face) != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("labels: cannot open font {} (install fonts-dejavu-core, or configure "
                                 "another TrueType font with Vietnamese glyphs)",
                                 font_path));
  }
  if (FT_Select_Charmap(impl->face, FT_ENCODING_UNICODE) != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("labels: font {} has no Unicode character map", font_path));
  }
  impl->cache_capacity = std::max<size_t>(cache_entries, 1);
  impl->cache.reserve(impl->cache_capacity);
  return std::unique_ptr<LabelRenderer>(new LabelRenderer(std::move(impl)));
}

std::shared_ptr<const LabelBitmap> LabelRenderer::Render(std::string_view text, int pixel_size, int max_width) {
  pixel_size = std::clamp(pixel_size, kMinPixelSize, kMaxPixelSize);
  max_width = std::max(max_width, 0);
  Impl& impl = *impl_;
  ++impl.use_counter;
  for (auto& entry : impl.cache) {
    if (entry.pixel_size == pixel_size && entry.max_width == max_width && entry.text == text) {
      entry.last_used = impl.use_counter;
      ++stats_.cache_hits;
      return entry.bitmap;
    }
  }
  auto bitmap = Rasterise(text, pixel_size, max_width);
  if (impl.cache.size() >= impl.cache_capacity) {
    auto oldest = std::min_element(impl.cache.begin(), impl.cache.end(),
                                   [](const auto& a, const auto& b) { return a.last_used < b.last_used; });
    impl.cache.erase(oldest);
    ++stats_.evictions;
  }
  impl.cache.push_back({std::string(text), pixel_size, max_width, bitmap, impl.use_counter});
  return bitmap;
}

std::vector<PlacedGlyph> LabelRenderer::Place(std::string_view text, int pixel_size) {
  impl_->SetSize(std::clamp(pixel_size, kMinPixelSize, kMaxPixelSize));
  std::vector<LineGlyph> line;
  int missing = 0;
  impl_->Layout(DecodeUtf8(text, kMaxCodePoints), 0, line, missing);
  std::vector<PlacedGlyph> out;
  out.reserve(line.size());
  for (const auto& g : line) out.push_back(g.placed);
  return out;
}

std::shared_ptr<const LabelBitmap> LabelRenderer::Rasterise(std::string_view text, int pixel_size, int max_width) {
  ++stats_.rasterised;
  Impl& impl = *impl_;
  impl.SetSize(pixel_size);
  auto mask = std::make_shared<LabelBitmap>();
  std::vector<LineGlyph> line;
  impl.Layout(DecodeUtf8(text, kMaxCodePoints), 0, line, mask->missing_glyphs);

  // Ink left of the first pen position (a glyph with a negative bearing) moves the line right.
  int shift = 0;
  for (const auto& g : line) shift = std::max(shift, -(g.placed.x + g.ink_left));
  for (auto& g : line) g.placed.x += shift;

  if (Extent(line, line.size()) > max_width) {
    mask->truncated = true;
    std::vector<LineGlyph> ellipsis;
    int unused = 0;
    impl.Layout({kEllipsis}, 0, ellipsis, unused);
    const int ellipsis_width = Extent(ellipsis, ellipsis.size());
    // The longest prefix that ends on a whole character (never between a letter and its
    // tone mark) and, trailing spaces dropped, leaves room for the ellipsis.
    for (size_t k = line.size(); k-- > 0;) {
      if (k < line.size() && line[k].combining) continue;
      size_t end = k;
      while (end > 0 && line[end - 1].space) --end;
      const int pen = end == 0 ? shift : line[end - 1].placed.x + line[end - 1].placed.advance;
      if (std::max(Extent(line, end), pen) + ellipsis_width <= max_width) {
        line.resize(end);
        for (auto& g : ellipsis) g.placed.x += pen;
        line.insert(line.end(), ellipsis.begin(), ellipsis.end());
        break;
      }
    }
    // If not even the ellipsis fits, the loop kept the whole line: it is clipped at
    // max_width below (the mask is that wide and Blit clips to the mask).
  }

  const FT_Size_Metrics& metrics = impl.face->size->metrics;
  int top = CeilPixels(metrics.ascender);
  int bottom = CeilPixels(-metrics.descender);
  for (const auto& g : line) {
    top = std::max(top, g.ink_top);
    bottom = std::max(bottom, -g.ink_bottom);
  }
  mask->width = std::min(Extent(line, line.size()), max_width);
  mask->height = mask->width > 0 ? top + bottom : 0;
  mask->baseline = top;
  mask->alpha.assign(static_cast<size_t>(mask->width) * mask->height, 0);
  if (mask->width > 0) {
    for (const auto& g : line) impl.Blit(g, mask->baseline, *mask);
  }
  return mask;
}

}  // namespace softmcu
