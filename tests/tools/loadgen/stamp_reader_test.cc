// The stamp reader on pictures drawn directly (no codec): levels, contrast, blur, clipping.
// The codec and composition paths are in stamped_video_test and composite_reader_test.
#include "tools/loadgen/stamp_reader.h"

#include <gtest/gtest.h>

#include <cstring>

#include "media/video/video_frame.h"
#include "tools/loadgen/stamp_geometry.h"

namespace softmcu::loadgen {
namespace {

// Draws `stamp` as the writer's cells would decode, with custom black/white levels.
void Draw(VideoFrame& f, const VideoStamp& stamp, int black = 16, int white = 235, int background = 100) {
  std::memset(f.mutable_data(Plane::kY), background, static_cast<size_t>(f.stride(Plane::kY)) * f.height());
  const auto g = *StampGeometry::For(f.width(), f.height());
  const uint64_t cells = StampCode::Encode(stamp);
  for (int y = 0; y < g.band_mb_rows() * 16; ++y) {
    for (int x = 0; x < f.width(); ++x) {
      const int cell = (y / (g.cell_mb_rows() * 16)) * StampCode::kColumns + g.ColumnOfMb(x / 16);
      f.mutable_data(Plane::kY)[y * f.stride(Plane::kY) + x] = static_cast<uint8_t>((cells >> cell) & 1u ? white : black);
    }
  }
}

double Band(const VideoFrame& f) {
  return StampGeometry::For(f.width(), f.height())->band_fraction();
}

TEST(StampReader, ReadsAFullPicture) {
  VideoFrame f(640, 360);
  Draw(f, {1234, 5678, 2});
  auto read = StampReader::Read(f.view(), {0, 0, 640, 360}, Band(f));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, (VideoStamp{1234, 5678, 2}));
}

TEST(StampReader, ToleratesChangedLevelsAndLowContrast) {
  VideoFrame f(640, 360);
  Draw(f, {7, 9, 1}, 60, 140);  // an MCU that crushed the range
  auto read = StampReader::Read(f.view(), {0, 0, 640, 360}, Band(f));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->endpoint_id, 7u);
}

TEST(StampReader, RefusesTooLittleContrast) {
  VideoFrame f(640, 360);
  Draw(f, {7, 9, 1}, 100, 140);
  EXPECT_FALSE(StampReader::Read(f.view(), {0, 0, 640, 360}, Band(f)).has_value());
}

TEST(StampReader, AnAmbiguousCellFailsTheRead) {
  VideoFrame f(640, 360);
  Draw(f, {7, 9, 1});
  // Grey over the middle of cell 5 (row 0): neither black nor white.
  const int cell_w = 640 / 20;
  for (int y = 0; y < 32; ++y) std::memset(f.mutable_data(Plane::kY) + y * f.stride(Plane::kY) + 5 * cell_w, 125, cell_w);
  EXPECT_FALSE(StampReader::Read(f.view(), {0, 0, 640, 360}, Band(f)).has_value());
}

TEST(StampReader, AWrongCellFailsTheCrcNotTheEndpoint) {
  VideoFrame f(640, 360);
  Draw(f, {7, 9, 1});
  const int cell_w = 640 / 20;
  for (int y = 0; y < 32; ++y) {
    uint8_t* row = f.mutable_data(Plane::kY) + y * f.stride(Plane::kY) + 5 * cell_w;
    const uint8_t flipped = row[cell_w / 2] > 128 ? 16 : 235;
    std::memset(row, flipped, cell_w);
  }
  EXPECT_FALSE(StampReader::Read(f.view(), {0, 0, 640, 360}, Band(f)).has_value());
}

TEST(StampReader, ReadsATileOfACanvasAndClipsRectanglesOutside) {
  VideoFrame tile(320, 180);
  Draw(tile, {42, 4242, 3});
  VideoFrame canvas(1280, 720);
  std::memset(canvas.mutable_data(Plane::kY), 50, static_cast<size_t>(canvas.stride(Plane::kY)) * 720);
  for (int y = 0; y < 180; ++y) {
    std::memcpy(canvas.mutable_data(Plane::kY) + (360 + y) * canvas.stride(Plane::kY) + 640,
                tile.data(Plane::kY) + y * tile.stride(Plane::kY), 320);
  }
  auto read = StampReader::Read(canvas.view(), {640, 360, 320, 180}, Band(tile));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->sequence, 4242u);
  EXPECT_FALSE(StampReader::Read(canvas.view(), {1200, 700, 320, 180}, Band(tile)).has_value());
  EXPECT_FALSE(StampReader::Read(canvas.view(), {-5000, -5000, 100, 100}, Band(tile)).has_value());
  EXPECT_FALSE(StampReader::Read(canvas.view(), {0, 0, 60, 40}, Band(tile)).has_value()) << "too small for cells";
  EXPECT_FALSE(StampReader::Read(canvas.view(), {640, 360, 320, 180}, 0.0).has_value());
  EXPECT_FALSE(StampReader::Read(canvas.view(), {640, 360, 320, 180}, 7.0).has_value());
}

TEST(StampGeometry, CellsFollowThePictureSize) {
  auto g720 = StampGeometry::For(1280, 720);
  ASSERT_TRUE(g720.has_value());
  EXPECT_EQ(g720->cell_mb_rows(), 4);
  EXPECT_EQ(g720->band_mb_rows(), 8);
  EXPECT_EQ(g720->ColumnStartMb(1), 4);
  auto g360 = StampGeometry::For(640, 360);
  EXPECT_EQ(g360->cell_mb_rows(), 2);
  EXPECT_EQ(g360->mb_height(), 23);  // 360 = 22.5 macroblocks
  auto g180 = StampGeometry::For(320, 180);
  EXPECT_EQ(g180->cell_mb_rows(), 1);
  EXPECT_DOUBLE_EQ(g720->band_fraction(), g360->band_fraction());
  EXPECT_DOUBLE_EQ(g360->band_fraction(), g180->band_fraction());
  for (int mb = 0; mb < g720->mb_width(); ++mb) {
    const int c = g720->ColumnOfMb(mb);
    EXPECT_LE(g720->ColumnStartMb(c), mb);
    EXPECT_LT(mb, g720->ColumnStartMb(c + 1));
  }
  auto odd = StampGeometry::For(1000, 562);  // 63 macroblock columns: uneven cells still cover them
  ASSERT_TRUE(odd.has_value());
  for (int mb = 0; mb < odd->mb_width(); ++mb) {
    const int c = odd->ColumnOfMb(mb);
    EXPECT_LE(odd->ColumnStartMb(c), mb);
    EXPECT_LT(mb, odd->ColumnStartMb(c + 1));
  }
  EXPECT_EQ(odd->ColumnStartMb(20), odd->mb_width());
}

TEST(StampGeometry, RefusesPicturesTooSmallForAStamp) {
  EXPECT_FALSE(StampGeometry::For(318, 180).has_value());
  EXPECT_FALSE(StampGeometry::For(320, 100).has_value());
}

}  // namespace
}  // namespace softmcu::loadgen
