#include "media/h264/h264_parameter_sets.h"

#include <gtest/gtest.h>

#include "tests/media/h264/h264_test_util.h"

namespace softmcu {
namespace {

using namespace h264_test;

TEST(H264Sps, Parses720pBaseline) {
  auto sps = H264Sps::Parse(kSps720p);
  ASSERT_TRUE(sps.has_value()) << ToString(sps.error());
  EXPECT_EQ(sps->profile_idc, 66);
  EXPECT_EQ(sps->constraint_flags, 0xc0);  // constraint_set0 + set1: Constrained Baseline
  EXPECT_EQ(sps->level_idc, 31);
  EXPECT_EQ(sps->sps_id, 0u);
  EXPECT_EQ(sps->width, 1280u);
  EXPECT_EQ(sps->height, 720u);
  EXPECT_EQ(sps->coded_height, 720u);
}

TEST(H264Sps, Parses1080pHighWithCroppingFrom1088) {
  auto sps = H264Sps::Parse(kSps1080pHigh);
  ASSERT_TRUE(sps.has_value()) << ToString(sps.error());
  EXPECT_EQ(sps->profile_idc, 100);
  EXPECT_EQ(sps->level_idc, 40);
  EXPECT_EQ(sps->chroma_format_idc, 1u);
  EXPECT_EQ(sps->coded_width, 1920u);
  EXPECT_EQ(sps->coded_height, 1088u);
  EXPECT_EQ(sps->width, 1920u);
  EXPECT_EQ(sps->height, 1080u);
}

TEST(H264Sps, Parses1080pBaselineWithCropping) {
  auto sps = H264Sps::Parse(kSps1080pBaseline);
  ASSERT_TRUE(sps.has_value()) << ToString(sps.error());
  EXPECT_EQ(sps->profile_idc, 66);
  EXPECT_EQ(sps->coded_height, 1088u);
  EXPECT_EQ(sps->width, 1920u);
  EXPECT_EQ(sps->height, 1080u);
}

TEST(H264Sps, ParseFailsOnEveryTruncation) {
  // The size fields end at byte 8 of the 720p SPS; any cut before them must fail cleanly.
  for (size_t n = 0; n < 9; ++n) {
    auto sps = H264Sps::Parse(std::span<const uint8_t>(kSps720p).first(n));
    EXPECT_FALSE(sps.has_value()) << n;
  }
  EXPECT_EQ(H264Sps::Parse({}).error(), H264ParseError::kEmpty);
  EXPECT_EQ(H264Sps::Parse(std::span<const uint8_t>(kSps720p).first(4)).error(), H264ParseError::kTruncated);
}

TEST(H264Sps, ParseFailsOnWrongNaluType) {
  EXPECT_EQ(H264Sps::Parse(kPps720p).error(), H264ParseError::kWrongNaluType);
}

TEST(H264Sps, ParseFailsOnSpsIdOver31) {
  // profile 66, flags, level 30, then ue(v) 32 = 00000 100001 -> bits 0000 0100 001(1 ...)
  const Bytes sps = {0x67, 0x42, 0x00, 0x1e, 0x04, 0x3f, 0xff};
  EXPECT_EQ(H264Sps::Parse(sps).error(), H264ParseError::kValueOutOfRange);
}

TEST(H264Pps, ParsesIds) {
  auto pps = H264Pps::Parse(kPps1080pHigh);
  ASSERT_TRUE(pps.has_value());
  EXPECT_EQ(pps->pps_id, 0u);
  EXPECT_EQ(pps->sps_id, 0u);
  // pps_id ue 3 = 00100, sps_id ue 1 = 010: 0010 0010 | 1...
  const Bytes other = {0x68, 0x22, 0xff};
  pps = H264Pps::Parse(other);
  ASSERT_TRUE(pps.has_value());
  EXPECT_EQ(pps->pps_id, 3u);
  EXPECT_EQ(pps->sps_id, 1u);
}

TEST(H264Pps, ParseFailsWhenTruncated) {
  EXPECT_EQ(H264Pps::Parse(Bytes{0x68}).error(), H264ParseError::kTruncated);
  EXPECT_EQ(H264Pps::Parse(Bytes{0x68, 0x00}).error(), H264ParseError::kTruncated);
}

TEST(H264ParameterSets, StoresSpsAndPpsById) {
  H264ParameterSets sets;
  ASSERT_TRUE(sets.Add(kSps720p).has_value());
  ASSERT_TRUE(sets.Add(kPps720p).has_value());
  ASSERT_NE(sets.sps(0), nullptr);
  EXPECT_EQ(sets.sps(0)->width, 1280u);
  ASSERT_NE(sets.pps(0), nullptr);
  EXPECT_EQ(Bytes(sets.sps_nalu(0).begin(), sets.sps_nalu(0).end()), kSps720p);
  EXPECT_EQ(Bytes(sets.pps_nalu(0).begin(), sets.pps_nalu(0).end()), kPps720p);
  EXPECT_EQ(sets.sps(1), nullptr);
  EXPECT_EQ(sets.pps(7), nullptr);
  EXPECT_TRUE(sets.sps_nalu(99).empty());
}

TEST(H264ParameterSets, NewerSpsReplacesSameId) {
  H264ParameterSets sets;
  ASSERT_TRUE(sets.Add(kSps720p).has_value());
  ASSERT_TRUE(sets.Add(kSps1080pHigh).has_value());
  EXPECT_EQ(sets.sps(0)->height, 1080u);
  EXPECT_EQ(sets.latest_sps()->height, 1080u);
  EXPECT_EQ(sets.sps_nalu(0).size(), kSps1080pHigh.size());
}

TEST(H264ParameterSets, RejectsMalformedSetAndKeepsPrevious) {
  H264ParameterSets sets;
  ASSERT_TRUE(sets.Add(kSps720p).has_value());
  EXPECT_FALSE(sets.Add(std::span<const uint8_t>(kSps1080pHigh).first(5)).has_value());
  EXPECT_EQ(sets.sps(0)->width, 1280u);
  EXPECT_EQ(sets.Add(Bytes{0x65, 0x88}).error(), H264ParseError::kWrongNaluType);
}

TEST(H264ParameterSets, ParsesSpropParameterSets) {
  H264ParameterSets sets;
  auto added = sets.AddSpropParameterSets(kSprop720p);
  ASSERT_TRUE(added.has_value()) << added.error().message;
  EXPECT_EQ(*added, 2u);
  EXPECT_EQ(Bytes(sets.sps_nalu(0).begin(), sets.sps_nalu(0).end()), kSps720p);
  EXPECT_EQ(Bytes(sets.pps_nalu(0).begin(), sets.pps_nalu(0).end()), kPps720p);
  EXPECT_EQ(sets.sps(0)->width, 1280u);
  EXPECT_EQ(sets.sps(0)->height, 720u);
}

TEST(H264ParameterSets, ParsesSpropOf240x160Stream) {
  // The example pair of the issue (SPS base64 without padding: 21 bytes); checked by hand:
  // Baseline, level 3.0, pic_width_in_mbs 15, pic_height_in_map_units 10.
  H264ParameterSets sets;
  auto added = sets.AddSpropParameterSets("Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==");
  ASSERT_TRUE(added.has_value()) << added.error().message;
  EXPECT_EQ(*added, 2u);
  ASSERT_NE(sets.sps(0), nullptr);
  EXPECT_EQ(sets.sps(0)->level_idc, 30);
  EXPECT_EQ(sets.sps(0)->width, 240u);
  EXPECT_EQ(sets.sps(0)->height, 160u);
  EXPECT_EQ(sets.pps_nalu(0).size(), 4u);
}

TEST(H264ParameterSets, SpropToleratesSpacesAroundItems) {
  H264ParameterSets sets;
  auto added = sets.AddSpropParameterSets(" Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA== , aMuDyyA=");
  ASSERT_TRUE(added.has_value());
  EXPECT_EQ(*added, 2u);
}

TEST(H264ParameterSets, SpropWithBadBase64StoresNothing) {
  H264ParameterSets sets;
  auto added = sets.AddSpropParameterSets("Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,aMu!yyA=");
  ASSERT_FALSE(added.has_value());
  EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(sets.sps(0), nullptr);
}

TEST(H264ParameterSets, SpropWithEmptyItemFails) {
  H264ParameterSets sets;
  EXPECT_FALSE(sets.AddSpropParameterSets("").has_value());
  EXPECT_FALSE(sets.AddSpropParameterSets("Z0LAH9kAUAW7ARAAAAMAEAAAAwPA8YMkgA==,").has_value());
}

TEST(H264ParameterSets, SpropWithTruncatedSpsFails) {
  H264ParameterSets sets;
  EXPECT_FALSE(sets.AddSpropParameterSets("Z0LAH9k=,aMuDyyA=").has_value());
  EXPECT_EQ(sets.pps(0), nullptr);
}

TEST(H264ParameterSets, SlicePpsIdFromSliceHeader) {
  // first_mb_in_slice 0 (1), slice_type 7 (0001000), pps_id 2 (011): 1000 1000 011x
  const Bytes slice = {0x88, 0x60};
  EXPECT_EQ(H264ParameterSets::SlicePpsId(slice), 2u);
  EXPECT_FALSE(H264ParameterSets::SlicePpsId({}).has_value());
}

TEST(H264ParameterSets, ForSliceFindsPpsAndItsSps) {
  H264ParameterSets sets;
  ASSERT_TRUE(sets.Add(kSps720p).has_value());
  ASSERT_TRUE(sets.Add(kPps720p).has_value());
  const Bytes slice = {0xb8, 0x01};  // first_mb 0, slice_type 2, pps_id 0
  auto pair = sets.ForSlice(slice);
  ASSERT_TRUE(pair.has_value());
  EXPECT_EQ(pair->sps.size(), kSps720p.size());
  EXPECT_EQ(pair->pps.size(), kPps720p.size());
}

TEST(H264ParameterSets, ForSliceWithoutStoredSetsIsEmpty) {
  H264ParameterSets sets;
  ASSERT_TRUE(sets.Add(kPps720p).has_value());  // PPS whose SPS is unknown
  EXPECT_FALSE(sets.ForSlice(Bytes{0xb8}).has_value());
}

}  // namespace
}  // namespace softmcu
