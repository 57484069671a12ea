// Fuzzes site-name labels (mixer/video/label_renderer.h, utf8.h): a site name comes from
// the operator, the address book or a SIP display name, so any bytes must give a mask no
// wider than asked, code points that are valid Unicode scalar values, and a blend into a
// tile that writes nothing outside the picture.
// Input: byte 0 picks the pixel size, byte 1 the width limit, the rest is the text.
// Seeds: tests/fuzz/corpus/label_text/ (Vietnamese names, decomposed tone marks,
// malformed UTF-8, a long name).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "mixer/video/label_renderer.h"
#include "mixer/video/paint.h"
#include "mixer/video/utf8.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/mixer/video/video_test_frames.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace softmcu;
  using fuzz::Check;
  static std::unique_ptr<LabelRenderer> renderer = std::move(*LabelRenderer::Create());
  static VideoFrame canvas(96, 64);
  if (size < 2) return 0;
  const int pixel_size = 4 + data[0] % 64;  // below the minimum too: clamped
  const int max_width = data[1] - 8;        // negative too: an empty mask
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);

  for (char32_t cp : DecodeUtf8(text)) Check(cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF));

  const auto mask = renderer->Render(text, pixel_size, max_width);
  Check(mask != nullptr);
  Check(mask->width >= 0 && mask->width <= std::max(max_width, 0));
  Check(mask->alpha.size() == static_cast<size_t>(mask->width) * static_cast<size_t>(mask->height));
  Check(mask->height <= 4 * LabelRenderer::kMaxPixelSize);

  testing::FillGuard(canvas);
  const PixelRect tile{8, 8, 80, 48};
  BlendMask(canvas.mutable_view(), *mask, tile.x + data[0] % 16 - 8, tile.y + data[1] % 16 - 8, tile, {235, 128, 128});
  Check(testing::GuardBytesChanged(canvas) == 0);
  // Nothing outside the tile changed either (it was all guard bytes).
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      const bool inside = x >= tile.x && x < tile.right() && y >= tile.y && y < tile.bottom();
      if (!inside) Check(testing::LumaAt(canvas, x, y) == testing::kGuardByte);
    }
  }
  return 0;
}
