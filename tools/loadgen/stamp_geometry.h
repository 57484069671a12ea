#pragma once
// Where the stamp's 40 cells (StampCode) sit in a picture: a band across the top, two rows
// of 20 cells, each cell a block of whole macroblocks so an encoder-independent writer can
// code it as flat intra macroblocks (StampSliceWriter).
//
// Sizes follow the picture, so the stamp keeps the same share of it at every rendition and
// stays readable after an MCU shrinks the picture into a small tile:
//   cell height = round(height / 180) macroblock rows  (1/11.25 of the picture: 64 px at
//                 720p, 32 at 360p, 16 at 180p; 12.8 px in a 5x5 tile of a 720p canvas)
//   cell width  = 1/20 of the macroblock columns       (4 MBs at 1280, 2 at 640, 1 at 320)
// The band (2 cell rows) is then 16/90 of the height at 720p, 360p and 180p alike. Below it
// the encoder's picture begins after one guard row that the material keeps flat and static
// (see VideoMaterial), so motion search has no reason to reach into the band.
//
// The writer uses macroblock positions; the reader uses fractions of a tile (band_fraction).
// Plain value; any thread.

#include <optional>

namespace softmcu::loadgen {

class StampGeometry {
 public:
  // Pictures narrower than 320 or shorter than 144 pixels cannot hold a stamp of whole
  // macroblocks (20 columns; 2 cell rows, a guard row and some picture): nullopt.
  static std::optional<StampGeometry> For(int width, int height);

  int width() const { return width_; }
  int height() const { return height_; }
  int mb_width() const { return mb_width_; }
  int mb_height() const { return mb_height_; }
  int cell_mb_rows() const { return cell_mb_rows_; }
  // Macroblock rows of the band (the stamp slice) and of band + guard row.
  int band_mb_rows() const { return 2 * cell_mb_rows_; }
  int band_macroblocks() const { return band_mb_rows() * mb_width_; }
  int guarded_rows() const { return band_mb_rows() + 1; }
  // First macroblock column of stamp column `column` (0..20; 20 gives mb_width).
  int ColumnStartMb(int column) const { return column * mb_width_ / 20; }
  // Stamp column of macroblock column `mb_x`.
  int ColumnOfMb(int mb_x) const;
  // The band's height as a share of the displayed picture height.
  double band_fraction() const { return static_cast<double>(band_mb_rows() * 16) / height_; }

 private:
  StampGeometry(int width, int height, int cell_mb_rows);

  int width_;
  int height_;
  int mb_width_;
  int mb_height_;
  int cell_mb_rows_;
};

}  // namespace softmcu::loadgen
