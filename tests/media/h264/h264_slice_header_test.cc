#include "media/h264/h264_slice_header.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "media/h264/h264_bit_reader.h"
#include "media/h264/h264_bit_writer.h"
#include "media/video/h264_encoder.h"
#include "tests/media/h264/h264_test_util.h"
#include "tests/media/video/video_test_util.h"

namespace softmcu {
namespace {

using testing::SplitAnnexB;

struct Encoded {
  H264Sps sps;
  H264Pps pps;
  std::vector<std::vector<uint8_t>> idr_slices;
  std::vector<std::vector<uint8_t>> p_slices;
};

// Two frames of a 320x180 picture cut into slices of 2, then 3 macroblock rows.
const Encoded& OpenH264Slices() {
  static const Encoded encoded = [] {
    Encoded e;
    H264EncoderOptions o;
    o.width = 320;
    o.height = 180;
    o.target_bitrate = DataRate::KilobitsPerSec(300);
    o.slice_mode = H264EncoderOptions::SliceMode::kRows;
    o.slice_rows = {2, 3};
    o.loop_filter = H264EncoderOptions::LoopFilter::kOnExceptSliceEdges;
    auto encoder = *H264Encoder::Create(o);
    VideoFramePool pool;
    for (int i = 0; i < 2; ++i) {
      auto frame = testing::MakePatternFrame(pool, 320, 180, 1, static_cast<uint64_t>(i));
      auto au = encoder->Encode(*frame);
      for (auto nal : SplitAnnexB(au->data)) {
        const int type = nal[0] & 0x1f;
        if (type == 7) e.sps = *H264Sps::Parse(nal);
        if (type == 8) e.pps = *H264Pps::Parse(nal);
        if (type == 5) e.idr_slices.emplace_back(nal.begin(), nal.end());
        if (type == 1) e.p_slices.emplace_back(nal.begin(), nal.end());
      }
    }
    return e;
  }();
  return encoded;
}

TEST(H264Sps, KeepsWhatSliceHeadersNeed) {
  const Encoded& e = OpenH264Slices();
  EXPECT_GE(e.sps.log2_max_frame_num, 4u);
  EXPECT_LE(e.sps.log2_max_frame_num, 16u);
  EXPECT_EQ(e.sps.pic_order_cnt_type, 0u);
  EXPECT_GE(e.sps.log2_max_pic_order_cnt_lsb, 4u);
  EXPECT_EQ(e.sps.max_num_ref_frames, 1u);
  EXPECT_FALSE(e.sps.separate_colour_plane);
}

TEST(H264Pps, ParsesTheFieldsAfterTheIds) {
  const Encoded& e = OpenH264Slices();
  EXPECT_TRUE(e.pps.has_slice_fields);
  EXPECT_FALSE(e.pps.entropy_coding_mode);  // CAVLC
  EXPECT_EQ(e.pps.num_slice_groups, 1u);
  EXPECT_TRUE(e.pps.deblocking_filter_control_present);
  EXPECT_GE(e.pps.pic_init_qp, 0);
  EXPECT_LE(e.pps.pic_init_qp, 51);
}

TEST(H264Sps, SliceFieldsOfAnX264Sps) {
  auto sps = H264Sps::Parse(h264_test::kSps720p);
  ASSERT_TRUE(sps.has_value());
  EXPECT_EQ(sps->log2_max_frame_num, 4u);
  EXPECT_EQ(sps->pic_order_cnt_type, 2u);
}

TEST(H264Pps, SliceFieldsOfAnX264Pps) {
  auto pps = H264Pps::Parse(h264_test::kPps720p);
  ASSERT_TRUE(pps.has_value());
  EXPECT_TRUE(pps->has_slice_fields);
  EXPECT_EQ(pps->num_ref_idx_l0_default_active, 3u);
  EXPECT_EQ(pps->pic_init_qp, 23);
  EXPECT_EQ(pps->chroma_qp_index_offset, -2);
  EXPECT_TRUE(pps->deblocking_filter_control_present);
  EXPECT_FALSE(pps->constrained_intra_pred);
}

TEST(H264Pps, IdsOnlyPpsParsesWithoutSliceFields) {
  // pps_id 3, sps_id 1 and nothing else: still stored and routed by its ids.
  auto pps = H264Pps::Parse(std::vector<uint8_t>{0x68, 0x22, 0x80});
  ASSERT_TRUE(pps.has_value());
  EXPECT_EQ(pps->pps_id, 3u);
  EXPECT_FALSE(pps->has_slice_fields);
}

TEST(H264SliceHeader, ParsesOpenH264IdrAndPSlices) {
  const Encoded& e = OpenH264Slices();
  ASSERT_EQ(e.idr_slices.size(), 5u);  // 12 macroblock rows: 2 + 3 + 3 + 3 + 1
  auto first = H264SliceHeader::Parse(e.idr_slices[0], e.sps, e.pps);
  ASSERT_TRUE(first.has_value()) << ToString(first.error());
  EXPECT_TRUE(first->idr);
  EXPECT_EQ(first->type(), H264SliceType::kI);
  EXPECT_EQ(first->first_mb_in_slice, 0u);
  EXPECT_EQ(first->frame_num, 0u);
  ASSERT_TRUE(first->idr_pic_id.has_value());
  EXPECT_EQ(first->disable_deblocking_filter_idc, 2u);  // kOnExceptSliceEdges
  EXPECT_GT(first->slice_data_bit, first->slice_qp_delta_bit);
  auto second = H264SliceHeader::Parse(e.idr_slices[1], e.sps, e.pps);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->first_mb_in_slice, 2u * 20);  // 320 wide = 20 MBs, 2 rows
  auto p = H264SliceHeader::Parse(e.p_slices[0], e.sps, e.pps);
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->idr);
  EXPECT_EQ(p->type(), H264SliceType::kP);
  EXPECT_EQ(p->frame_num, 1u);
  EXPECT_EQ(p->num_ref_idx_l0_active, 1u);
}

TEST(H264SliceHeader, QpDeltaOffsetPointsAtSliceQpDelta) {
  const Encoded& e = OpenH264Slices();
  auto h = *H264SliceHeader::Parse(e.p_slices[0], e.sps, e.pps);
  H264BitReader r(std::span<const uint8_t>(e.p_slices[0]).subspan(1));
  ASSERT_TRUE(r.Skip(static_cast<int>(h.slice_qp_delta_bit)));
  EXPECT_EQ(r.ReadSe(), h.slice_qp_delta);
}

TEST(H264SliceHeader, RefusesWrongNaluTypes) {
  const Encoded& e = OpenH264Slices();
  EXPECT_EQ(H264SliceHeader::Parse(std::vector<uint8_t>{0x67, 0x42}, e.sps, e.pps).error(),
            H264ParseError::kWrongNaluType);
  EXPECT_EQ(H264SliceHeader::Parse({}, e.sps, e.pps).error(), H264ParseError::kEmpty);
}

TEST(H264SliceHeader, RefusesTruncatedHeaders) {
  const Encoded& e = OpenH264Slices();
  const auto& slice = e.idr_slices[0];
  for (size_t n = 1; n < 4; ++n) {
    auto h = H264SliceHeader::Parse(std::span<const uint8_t>(slice).first(n), e.sps, e.pps);
    EXPECT_FALSE(h.has_value()) << n << " bytes";
  }
}

TEST(H264SliceHeader, RefusesAPpsWithoutSliceFields) {
  const Encoded& e = OpenH264Slices();
  H264Pps bare = e.pps;
  bare.has_slice_fields = false;
  EXPECT_EQ(H264SliceHeader::Parse(e.idr_slices[0], e.sps, bare).error(), H264ParseError::kUnsupported);
}

TEST(H264SliceHeader, RefusesOutOfRangeFields) {
  const Encoded& e = OpenH264Slices();
  auto slice = [](uint32_t first_mb, uint32_t type, uint32_t pps_id) {
    std::vector<uint8_t> rbsp(16);
    H264BitWriter w(rbsp);
    w.WriteUe(first_mb);
    w.WriteUe(type);
    w.WriteUe(pps_id);
    w.WriteBits(0, 32);
    w.WriteBits(0, 32);
    w.WriteTrailingBits();
    std::vector<uint8_t> nalu(40);
    nalu.resize(*H264BitWriter::WriteNalu(0x41, w.rbsp(), nalu, false));
    return nalu;
  };
  EXPECT_EQ(H264SliceHeader::Parse(slice(0, 10, 0), e.sps, e.pps).error(), H264ParseError::kValueOutOfRange);
  EXPECT_EQ(H264SliceHeader::Parse(slice(20 * 12, 0, 0), e.sps, e.pps).error(), H264ParseError::kValueOutOfRange);
  EXPECT_EQ(H264SliceHeader::Parse(slice(0, 0, 5), e.sps, e.pps).error(), H264ParseError::kValueOutOfRange);
  // A P slice in an IDR access unit is invalid (§7.4.1.2.4).
  auto idr_p = slice(0, 0, 0);
  idr_p[0] = 0x65;
  EXPECT_EQ(H264SliceHeader::Parse(idr_p, e.sps, e.pps).error(), H264ParseError::kValueOutOfRange);
}

// Found by fuzz.h264_slice_header: the largest se(v) a 32-bit code can hold, added to
// pic_init_qp, overflowed int32 (UBSan abort). It must be refused as out of range.
TEST(H264SliceHeader, RefusesAQpDeltaThatWouldOverflow) {
  const Encoded& e = OpenH264Slices();
  for (int32_t delta : {INT32_MAX, -INT32_MAX, 52, -52}) {
    std::vector<uint8_t> rbsp(32);
    H264BitWriter w(rbsp);
    w.WriteUe(0);  // first_mb_in_slice
    w.WriteUe(7);  // slice_type: I, all slices of the picture
    w.WriteUe(e.pps.pps_id);
    w.WriteBits(0, static_cast<int>(e.sps.log2_max_frame_num));
    w.WriteBits(0, static_cast<int>(e.sps.log2_max_pic_order_cnt_lsb));
    w.WriteSe(delta);  // nal_ref_idc 0: no dec_ref_pic_marking() before it
    w.WriteBits(0, 32);
    w.WriteTrailingBits();
    std::vector<uint8_t> nalu(64);
    nalu.resize(*H264BitWriter::WriteNalu(0x01, w.rbsp(), nalu, false));
    auto header = H264SliceHeader::Parse(nalu, e.sps, e.pps);
    ASSERT_FALSE(header) << "delta " << delta;
    EXPECT_EQ(header.error(), H264ParseError::kValueOutOfRange) << "delta " << delta;
  }
}

}  // namespace
}  // namespace softmcu
