#pragma once
// A rectangle of a picture in pixels, where a stamp is read (a tile, or the whole picture).
// Its own header on purpose: mixer/layout/canvas_mapper.h and media/video/i420_view.h both
// define softmcu::PixelRect, so tile geometry (from the mixer) and pixel reading (on media
// frames) must not share a header; both sides speak StampRect.

namespace softmcu::loadgen {

struct StampRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

}  // namespace softmcu::loadgen
