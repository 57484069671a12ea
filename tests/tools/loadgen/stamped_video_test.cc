// The per-endpoint, per-frame stamp on shared material, proven by decoding: every rendition,
// IDR and P frames, across the loop's wrap, and with keyframe jumps; the band decodes to
// exact levels and nothing under it depends on it.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "media/video/h264_decoder.h"
#include "tests/tools/loadgen/loadgen_test_util.h"
#include "tools/loadgen/stamp_code.h"
#include "tools/loadgen/stamp_reader.h"
#include "tools/loadgen/stamped_access_unit.h"
#include "tools/loadgen/video_material.h"

namespace softmcu::loadgen {
namespace {

using testing::SmallMaterial;

std::unique_ptr<H264Decoder> NewDecoder() {
  auto decoder = H264Decoder::Create({.buffer_mode = H264DecoderOptions::BufferMode::kCopy});
  EXPECT_TRUE(decoder.has_value());
  return std::move(*decoder);
}

SharedVideoFrame DecodeOne(H264Decoder& decoder, std::span<const uint8_t> au, int index) {
  auto picture = decoder.Decode(au, TimeDelta::Millis(33 * index));
  EXPECT_TRUE(picture.has_value()) << (picture ? "" : picture.error().message);
  if (!picture || !*picture) return {};
  return std::move(**picture);
}

StampRect Whole(const VideoFrame& f) {
  return {0, 0, f.width(), f.height()};
}

TEST(StampedVideo, MaterialSlicesTheBandAndStartsWithAnIdr) {
  const VideoMaterial& material = SmallMaterial();
  ASSERT_EQ(material.rendition_count(), 3u);
  for (size_t r = 0; r < material.rendition_count(); ++r) {
    const VideoRendition& rendition = material.rendition(r);
    ASSERT_EQ(rendition.frame_count(), 12u);
    EXPECT_TRUE(rendition.frame(0).idr);
    EXPECT_TRUE(rendition.frame(6).idr);
    EXPECT_FALSE(rendition.frame(1).idr);
    EXPECT_EQ(rendition.frame(0).stamp.type, H264SliceType::kI);
    EXPECT_EQ(rendition.frame(1).stamp.type, H264SliceType::kP);
    EXPECT_GT(rendition.frame(0).prefix_size, 0u) << "SPS and PPS before the IDR";
    EXPECT_EQ(rendition.frame(1).prefix_size, 0u);
    EXPECT_EQ(rendition.IdrAtOrBefore(5), 0u);
    EXPECT_EQ(rendition.IdrAtOrBefore(11), 6u);
  }
}

TEST(StampedVideo, StampReadsBackAtEveryRenditionOverIdrAndPFramesAndTheLoopWrap) {
  const VideoMaterial& material = SmallMaterial();
  StampedAccessUnit writer(material);
  for (size_t r = 0; r < material.rendition_count(); ++r) {
    const VideoRendition& rendition = material.rendition(r);
    auto decoder = NewDecoder();
    std::optional<uint64_t> reference;
    for (int n = 0; n < 30; ++n) {  // two and a half loops
      const VideoStamp stamp{static_cast<uint32_t>(100 + r), static_cast<uint32_t>(16380 + n) % 16384,
                             static_cast<uint32_t>(r)};
      const uint64_t cells = StampCode::Encode(stamp);
      auto au = writer.Write(rendition, static_cast<size_t>(n) % rendition.frame_count(), cells, reference);
      ASSERT_TRUE(au.has_value());
      reference = cells;
      SharedVideoFrame picture = DecodeOne(*decoder, *au, n);
      ASSERT_TRUE(picture) << "rendition " << r << " frame " << n;
      ASSERT_EQ(picture->width(), rendition.spec().width);
      auto read = StampReader::Read(picture->view(), Whole(*picture), rendition.geometry().band_fraction());
      ASSERT_TRUE(read.has_value()) << "rendition " << r << " frame " << n;
      EXPECT_EQ(*read, stamp) << "rendition " << r << " frame " << n;
    }
    EXPECT_EQ(decoder->stats().errors, 0u);
  }
}

TEST(StampedVideo, BandDecodesToExactLevels) {
  const VideoMaterial& material = SmallMaterial();
  StampedAccessUnit writer(material);
  const VideoRendition& rendition = material.rendition(1);
  const StampGeometry& g = rendition.geometry();
  auto decoder = NewDecoder();
  std::optional<uint64_t> reference;
  for (int n = 0; n < 8; ++n) {
    const uint64_t cells = StampCode::Encode({static_cast<uint32_t>(n * 523), static_cast<uint32_t>(n * 977), 1});
    auto au = writer.Write(rendition, static_cast<size_t>(n), cells, reference);
    ASSERT_TRUE(au.has_value());
    reference = cells;
    SharedVideoFrame picture = DecodeOne(*decoder, *au, n);
    ASSERT_TRUE(picture);
    const VideoFrame& f = *picture;
    int wrong = 0;
    for (int y = 0; y < g.band_mb_rows() * 16; ++y) {
      const int row = y / (g.cell_mb_rows() * 16);
      for (int x = 0; x < f.width(); ++x) {
        const int cell = row * StampCode::kColumns + g.ColumnOfMb(x / 16);
        const int expected = ((cells >> cell) & 1u) ? StampSliceWriter::kWhite : StampSliceWriter::kBlack;
        if (f.data(Plane::kY)[y * f.stride(Plane::kY) + x] != expected) ++wrong;
        if (f.data(Plane::kU)[(y / 2) * f.stride(Plane::kU) + x / 2] != 128) ++wrong;
        if (f.data(Plane::kV)[(y / 2) * f.stride(Plane::kV) + x / 2] != 128) ++wrong;
      }
    }
    EXPECT_EQ(wrong, 0) << "frame " << n;
  }
}

TEST(StampedVideo, PictureBelowTheBandDoesNotDependOnTheStamp) {
  // Two endpoints send the same material with different, changing stamps: below the band
  // their decoded pictures must be identical, or the stamp slice leaks into the encoder's
  // picture (motion vectors into the band, deblocking across the slice edge).
  const VideoMaterial& material = SmallMaterial();
  StampedAccessUnit writer(material);
  for (size_t r = 0; r < material.rendition_count(); ++r) {
    const VideoRendition& rendition = material.rendition(r);
    const int band_rows = rendition.geometry().band_mb_rows() * 16;
    auto a = NewDecoder();
    auto b = NewDecoder();
    std::optional<uint64_t> ref_a, ref_b;
    for (int n = 0; n < 12; ++n) {
      const uint64_t cells_a = StampCode::Encode({1, static_cast<uint32_t>(n), 0});
      const uint64_t cells_b = StampCode::Encode({4000, static_cast<uint32_t>(9000 + 7 * n), 3});
      auto au_a = writer.Write(rendition, static_cast<size_t>(n), cells_a, ref_a);
      ASSERT_TRUE(au_a.has_value());
      std::vector<uint8_t> copy_a(au_a->begin(), au_a->end());
      auto au_b = writer.Write(rendition, static_cast<size_t>(n), cells_b, ref_b);
      ASSERT_TRUE(au_b.has_value());
      ref_a = cells_a;
      ref_b = cells_b;
      SharedVideoFrame pa = DecodeOne(*a, copy_a, n);
      SharedVideoFrame pb = DecodeOne(*b, *au_b, n);
      ASSERT_TRUE(pa && pb);
      int differing = 0;
      for (Plane p : {Plane::kY, Plane::kU, Plane::kV}) {
        const int shift = p == Plane::kY ? 0 : 1;
        const int rows = (p == Plane::kY ? pa->height() : pa->chroma_height());
        const int cols = (p == Plane::kY ? pa->width() : pa->chroma_width());
        for (int y = band_rows >> shift; y < rows; ++y) {
          for (int x = 0; x < cols; ++x) {
            if (pa->data(p)[y * pa->stride(p) + x] != pb->data(p)[y * pb->stride(p) + x]) ++differing;
          }
        }
      }
      EXPECT_EQ(differing, 0) << "rendition " << r << " frame " << n;
    }
  }
}

TEST(StampedVideo, PFramesAfterAnUnchangedStampCostLittle) {
  const VideoMaterial& material = SmallMaterial();
  StampedAccessUnit writer(material);
  const VideoRendition& rendition = material.rendition(0);
  const uint64_t cells = StampCode::Encode({5, 1, 0});
  auto full = writer.Write(rendition, 1, cells, std::nullopt);
  ASSERT_TRUE(full.has_value());
  const size_t full_size = full->size();
  auto skipped = writer.Write(rendition, 1, cells, cells);
  ASSERT_TRUE(skipped.has_value());
  const size_t band_full = full_size - rendition.rest(rendition.frame(1)).size();
  const size_t band_skipped = skipped->size() - rendition.rest(rendition.frame(1)).size();
  EXPECT_LT(band_skipped, 16u) << "every band macroblock skipped";
  EXPECT_GT(band_full, 200u);
}

}  // namespace
}  // namespace softmcu::loadgen
