#pragma once
// How composed canvases look: colours, borders, labels, slate texts and the scaling
// filters. One style per VideoMixer (a room); plain value, validated by VideoMixerConfig.

#include <cstdint>
#include <string>

#include "core/result.h"
#include "mixer/video/paint.h"
#include "mixer/video/tile_scaler.h"

namespace softmcu {

enum class LabelMode { kShown, kHidden };

struct CompositorStyle {
  YuvColor background{26, 134, 125};  // a dark blue-grey, RGB (16, 20, 32)
  // The thin line between tiles: `border_px` of luma inside each tile on every side that
  // meets another tile (two tiles make a 2-pixel seam); 0 for none.
  uint8_t border_luma = 16;
  int border_px = 1;
  // The speaking / floor tile: a frame in `highlight` (amber, RGB 255, 191, 0). Width 0
  // means canvas height / 180, even, at least 2 (6 px at 1080p, 4 at 720p, 2 at 360p).
  YuvColor highlight{178, 35, 170};
  int highlight_px = 0;

  LabelMode labels = LabelMode::kShown;
  int label_height_permille = 70;  // label font size as a share of the tile height
  int label_min_px = 10;
  int label_max_px = 36;
  YuvColor label_text{235, 128, 128};
  YuvColor label_box{16, 128, 128};
  uint8_t label_box_alpha = 150;

  // Texts of the slates (UTF-8); the users read Vietnamese.
  std::string no_signal_text = "Mất tín hiệu";
  std::string waiting_text = "Đang chờ các điểm cầu khác";
  // A lost point's last picture is kept at this share of its brightness (/256) and
  // colour (/256) under the "no signal" text.
  int no_signal_luma_keep = 96;
  int no_signal_chroma_keep = 64;

  ScalePolicy scale;

  Result<void> Validate() const;
  // The highlight width on a canvas `canvas_height` pixels high.
  int HighlightWidth(int canvas_height) const;
};

}  // namespace softmcu
