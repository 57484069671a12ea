#include "mixer/video/label_renderer.h"
#include "mixer/video/utf8.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace softmcu {
namespace {

const char kTrieuSon[] = "UBND huy\xE1\xBB\x87n Tri\xE1\xBB\x87u S\xC6\xA1n";  // UBND huyện Triệu Sơn

std::unique_ptr<LabelRenderer> Renderer() {
  auto renderer = LabelRenderer::Create();
  EXPECT_TRUE(renderer.has_value()) << renderer.error().message;
  return std::move(*renderer);
}

// Ink rows of a mask (alpha > 128): first and one past the last, or {0, 0} if none.
std::pair<int, int> InkRows(const LabelBitmap& mask) {
  int first = -1, last = -1;
  for (int y = 0; y < mask.height; ++y) {
    for (int x = 0; x < mask.width; ++x) {
      if (mask.at(x, y) > 128) {
        if (first < 0) first = y;
        last = y;
      }
    }
  }
  return first < 0 ? std::pair{0, 0} : std::pair{first, last + 1};
}

// FreeType itself, independent of LabelRenderer: the rendered bitmap of one glyph.
class RawFace {
 public:
  RawFace(int pixel_size) {
    EXPECT_EQ(FT_Init_FreeType(&library_), 0);
    EXPECT_EQ(FT_New_Face(library_, kDefaultLabelFont, 0, &face_), 0);
    FT_Set_Pixel_Sizes(face_, 0, static_cast<FT_UInt>(pixel_size));
  }
  ~RawFace() {
    FT_Done_Face(face_);
    FT_Done_FreeType(library_);
  }
  FT_GlyphSlot Render(uint32_t glyph_index) {
    EXPECT_EQ(FT_Load_Glyph(face_, glyph_index, FT_LOAD_RENDER), 0);
    return face_->glyph;
  }
  uint32_t IndexOf(char32_t cp) { return FT_Get_Char_Index(face_, cp); }

 private:
  FT_Library library_ = nullptr;
  FT_Face face_ = nullptr;
};

TEST(LabelRenderer, MissingFontIsAClearError) {
  auto renderer = LabelRenderer::Create("/nonexistent/font.ttf");
  ASSERT_FALSE(renderer.has_value());
  EXPECT_EQ(renderer.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(renderer.error().message.find("fonts-dejavu-core"), std::string::npos) << renderer.error().message;
}

TEST(LabelRenderer, VietnameseNameUsesRealGlyphsForEveryCharacter) {
  auto renderer = Renderer();
  const auto glyphs = renderer->Place(kTrieuSon, 32);
  const std::u32string expected = U"UBND huy\u1EC7n Tri\u1EC7u S\u01A1n";
  ASSERT_EQ(glyphs.size(), expected.size());
  RawFace raw(32);
  for (size_t i = 0; i < glyphs.size(); ++i) {
    EXPECT_EQ(static_cast<uint32_t>(glyphs[i].code_point), static_cast<uint32_t>(expected[i])) << i;  // nothing substituted
    EXPECT_NE(glyphs[i].glyph_index, 0u) << i;          // never .notdef
    EXPECT_EQ(glyphs[i].glyph_index, raw.IndexOf(expected[i])) << i;
  }
  EXPECT_EQ(renderer->Render(kTrieuSon, 32, 2000)->missing_glyphs, 0);
}

// Every pixel of every character's own FreeType bitmap, at the place the renderer put the
// character, is in the label at least as strongly: the label's ink IS those glyphs (a
// replacement box or a wrong glyph could not contain them all).
TEST(LabelRenderer, VietnameseLabelContainsEachGlyphsInkWhereTheCharacterIs) {
  auto renderer = Renderer();
  const auto mask = renderer->Render(kTrieuSon, 32, 2000);
  ASSERT_FALSE(mask->truncated);
  const auto glyphs = renderer->Place(kTrieuSon, 32);
  RawFace raw(32);
  for (const PlacedGlyph& g : glyphs) {
    const FT_GlyphSlot slot = raw.Render(g.glyph_index);
    int ink = 0;
    for (int r = 0; r < static_cast<int>(slot->bitmap.rows); ++r) {
      for (int c = 0; c < static_cast<int>(slot->bitmap.width); ++c) {
        const uint8_t expected = slot->bitmap.buffer[r * slot->bitmap.pitch + c];
        if (expected == 0) continue;
        ++ink;
        const int x = g.x + slot->bitmap_left + c;
        const int y = mask->baseline - slot->bitmap_top + r;
        ASSERT_TRUE(x >= 0 && x < mask->width && y >= 0 && y < mask->height) << "U+" << std::hex << static_cast<uint32_t>(g.code_point);
        EXPECT_GE(mask->at(x, y), expected) << "U+" << std::hex << static_cast<uint32_t>(g.code_point) << " at " << std::dec << x << "," << y;
      }
    }
    if (g.code_point != U' ') {
      EXPECT_GT(ink, 20) << "U+" << std::hex << static_cast<uint32_t>(g.code_point);
    }
  }
}

TEST(LabelRenderer, DiacriticsPutInkAboveAndBelowTheBaseLetter) {
  auto renderer = Renderer();
  const auto [e_top, e_bottom] = InkRows(*renderer->Render("e", 32, 100));
  const auto [dot_top, dot_bottom] = InkRows(*renderer->Render("\xE1\xBB\x87", 32, 100));  // ệ: circumflex + dot
  EXPECT_LT(dot_top, e_top - 3);        // the circumflex
  EXPECT_GT(dot_bottom, e_bottom + 2);  // the dot below
}

TEST(LabelRenderer, DecomposedToneMarksSitOnTheirLetter) {
  auto renderer = Renderer();
  // "ệ" as e + U+0302 (circumflex) + U+0323 (dot below), as some terminals send it.
  const auto composed = renderer->Render("\xE1\xBB\x87", 32, 100);
  const auto decomposed = renderer->Render("e\xCC\x82\xCC\xA3", 32, 100);
  EXPECT_EQ(decomposed->missing_glyphs, 0);
  EXPECT_NEAR(InkRows(*decomposed).first, InkRows(*composed).first, 1);
  EXPECT_NEAR(InkRows(*decomposed).second, InkRows(*composed).second, 1);
  EXPECT_LE(std::abs(decomposed->width - composed->width), 2);  // marks add no width
}

TEST(LabelRenderer, MissingCharacterIsTheReplacementGlyphNotNotdef) {
  auto renderer = Renderer();
  const auto missing = renderer->Render("\xEE\x80\x80", 24, 200);  // U+E000, private use
  EXPECT_EQ(missing->missing_glyphs, 1);
  const auto replacement = renderer->Render("\xEF\xBF\xBD", 24, 200);  // U+FFFD itself
  EXPECT_EQ(missing->alpha, replacement->alpha);
  EXPECT_EQ(static_cast<uint32_t>(renderer->Place("\xEE\x80\x80", 24)[0].code_point), 0xFFFDu);
}

TEST(LabelRenderer, TooLongLabelGetsAnEllipsisWithinTheWidth) {
  auto renderer = Renderer();
  const auto full = renderer->Render(kTrieuSon, 20, 2000);
  const int limit = full->width / 2;
  const auto cut = renderer->Render(kTrieuSon, 20, limit);
  EXPECT_TRUE(cut->truncated);
  EXPECT_LE(cut->width, limit);
  EXPECT_GT(cut->width, limit / 2);
  // The ellipsis's three dots sit on the baseline at the right end: ink in the last
  // columns only on rows near the baseline.
  int dot_columns = 0;
  for (int x = cut->width - cut->width / 8; x < cut->width; ++x) {
    for (int y = 0; y < cut->height; ++y) {
      if (cut->at(x, y) > 128) {
        EXPECT_GT(y, cut->baseline - 6) << x;
        ++dot_columns;
      }
    }
  }
  EXPECT_GT(dot_columns, 0);
}

TEST(LabelRenderer, NarrowerThanTheEllipsisIsClippedNeverWider) {
  auto renderer = Renderer();
  for (int width : {0, 1, 3, 7}) {
    const auto mask = renderer->Render(kTrieuSon, 24, width);
    EXPECT_LE(mask->width, width);
    EXPECT_EQ(mask->alpha.size(), static_cast<size_t>(mask->width) * mask->height);
  }
}

TEST(LabelRenderer, ControlCharactersAndMalformedBytesRenderSafely) {
  auto renderer = Renderer();
  const auto mask = renderer->Render(std::string("a\nb\tc\0d\xFF\xC3", 10), 16, 500);
  EXPECT_GT(mask->width, 0);
  EXPECT_EQ(mask->alpha.size(), static_cast<size_t>(mask->width) * mask->height);
}

TEST(LabelRenderer, SameLabelIsRasterisedOnce) {
  auto renderer = Renderer();
  const auto first = renderer->Render(kTrieuSon, 24, 400);
  const auto second = renderer->Render(kTrieuSon, 24, 400);
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(renderer->stats().rasterised, 1u);
  EXPECT_EQ(renderer->stats().cache_hits, 1u);
  renderer->Render(kTrieuSon, 26, 400);  // another size is another mask
  EXPECT_EQ(renderer->stats().rasterised, 2u);
}

TEST(LabelRenderer, CacheIsBoundedAndMasksOutliveEviction) {
  auto created = LabelRenderer::Create(kDefaultLabelFont, 2);
  ASSERT_TRUE(created.has_value());
  auto& renderer = *created;
  const auto a = renderer->Render("a", 20, 100);
  renderer->Render("b", 20, 100);
  renderer->Render("c", 20, 100);  // evicts "a"
  EXPECT_EQ(renderer->stats().evictions, 1u);
  EXPECT_GT(a->width, 0);  // still ours
  renderer->Render("a", 20, 100);
  EXPECT_EQ(renderer->stats().rasterised, 4u);
}

TEST(LabelRenderer, PixelSizeIsClamped) {
  auto renderer = Renderer();
  EXPECT_EQ(renderer->Render("x", -5, 100)->height, renderer->Render("x", LabelRenderer::kMinPixelSize, 100)->height);
  EXPECT_LE(renderer->Render("x", 100000, 4000)->height, 2 * LabelRenderer::kMaxPixelSize);
}

}  // namespace
}  // namespace softmcu
