#include "mixer/video/compositor_style.h"

#include <algorithm>

namespace softmcu {

Result<void> CompositorStyle::Validate() const {
  if (border_px < 0 || border_px > 16) {
    return MakeError(ErrorCode::kOutOfRange, "compositor style: border_px must be 0..16");
  }
  if (highlight_px < 0 || highlight_px > 32 || highlight_px % 2 != 0) {
    return MakeError(ErrorCode::kOutOfRange,
                     "compositor style: highlight_px must be even, 0..32 (0 = by canvas height)");
  }
  if (label_min_px < 6 || label_max_px < label_min_px || label_max_px > 256) {
    return MakeError(ErrorCode::kOutOfRange, "compositor style: label sizes must satisfy 6 <= min <= max <= 256");
  }
  if (label_height_permille <= 0 || label_height_permille > 500) {
    return MakeError(ErrorCode::kOutOfRange, "compositor style: label_height_permille must be 1..500");
  }
  if (no_signal_luma_keep < 0 || no_signal_luma_keep > 256 || no_signal_chroma_keep < 0 ||
      no_signal_chroma_keep > 256) {
    return MakeError(ErrorCode::kOutOfRange, "compositor style: no-signal dimming must be 0..256");
  }
  return {};
}

int CompositorStyle::HighlightWidth(int canvas_height) const {
  if (highlight_px > 0) return highlight_px;
  return std::max(2, canvas_height / 180 / 2 * 2);
}

}  // namespace softmcu
