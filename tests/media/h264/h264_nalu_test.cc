#include "media/h264/h264_nalu.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu {
namespace {

using Bytes = std::vector<uint8_t>;

std::vector<Bytes> ScanAll(const Bytes& stream) {
  std::vector<Bytes> out;
  H264AnnexBScanner scanner(stream);
  while (auto nalu = scanner.Next()) out.emplace_back(nalu->begin(), nalu->end());
  return out;
}

TEST(H264Nalu, HeaderFields) {
  const uint8_t header = 0x65;  // F=0 NRI=3 type=5
  EXPECT_EQ(H264NaluTypeOf(header), H264NaluType::kIdr);
  EXPECT_EQ(H264NalRefIdc(header), 3);
  EXPECT_FALSE(H264ForbiddenBitSet(header));
  EXPECT_TRUE(H264ForbiddenBitSet(0x80 | 0x01));
  EXPECT_EQ(H264NaluTypeOf(0x7c), H264NaluType::kFuA);  // NRI=3 type=28
  EXPECT_EQ(H264NaluTypeOf(0x18), H264NaluType::kStapA);
  EXPECT_STREQ(ToString(H264NaluType::kSps), "sps");
}

TEST(H264Nalu, SingleNaluTypesAreOneToTwentyThree) {
  EXPECT_FALSE(IsH264SingleNaluType(H264NaluType::kUnspecified));
  EXPECT_TRUE(IsH264SingleNaluType(H264NaluType::kSlice));
  EXPECT_TRUE(IsH264SingleNaluType(H264NaluType(23)));
  EXPECT_FALSE(IsH264SingleNaluType(H264NaluType::kStapA));
  EXPECT_FALSE(IsH264SingleNaluType(H264NaluType::kReserved31));
}

TEST(H264AnnexBScanner, SplitsOnThreeAndFourByteStartCodes) {
  const Bytes stream = {
      0x00, 0x00, 0x00, 0x01, 0x67, 0x42,  // 4-byte start code, SPS (truncated)
      0x00, 0x00, 0x01, 0x68, 0xce,        // 3-byte start code, PPS
      0x00, 0x00, 0x00, 0x01, 0x65, 0x88,  // IDR
  };
  const auto nalus = ScanAll(stream);
  ASSERT_EQ(nalus.size(), 3u);
  EXPECT_EQ(nalus[0], (Bytes{0x67, 0x42}));
  EXPECT_EQ(nalus[1], (Bytes{0x68, 0xce}));
  EXPECT_EQ(nalus[2], (Bytes{0x65, 0x88}));
  EXPECT_EQ(H264AnnexBScanner::Count(stream), 3u);
}

TEST(H264AnnexBScanner, StripsTrailingZeroBytes) {
  const Bytes stream = {0x00, 0x00, 0x01, 0x09, 0xf0, 0x00, 0x00,  // AUD + trailing_zero_8bits
                        0x00, 0x00, 0x01, 0x41, 0x9a, 0x00};       // slice + one trailing zero
  const auto nalus = ScanAll(stream);
  ASSERT_EQ(nalus.size(), 2u);
  EXPECT_EQ(nalus[0], (Bytes{0x09, 0xf0}));
  EXPECT_EQ(nalus[1], (Bytes{0x41, 0x9a}));
}

TEST(H264AnnexBScanner, KeepsEmulationPreventedBytesInsideNalu) {
  const Bytes stream = {0x00, 0x00, 0x01, 0x41, 0x00, 0x00, 0x03, 0x01, 0x7f};
  const auto nalus = ScanAll(stream);
  ASSERT_EQ(nalus.size(), 1u);
  EXPECT_EQ(nalus[0], (Bytes{0x41, 0x00, 0x00, 0x03, 0x01, 0x7f}));
}

TEST(H264AnnexBScanner, SkipsBytesBeforeFirstStartCode) {
  const Bytes stream = {0xde, 0xad, 0x00, 0x00, 0x01, 0x41, 0x01};
  const auto nalus = ScanAll(stream);
  ASSERT_EQ(nalus.size(), 1u);
  EXPECT_EQ(nalus[0], (Bytes{0x41, 0x01}));
}

TEST(H264AnnexBScanner, SkipsEmptyNalus) {
  const Bytes stream = {0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
                        0x00, 0x01, 0x41, 0x01, 0x00, 0x00, 0x01};
  const auto nalus = ScanAll(stream);
  ASSERT_EQ(nalus.size(), 1u);
  EXPECT_EQ(nalus[0], (Bytes{0x41, 0x01}));
}

TEST(H264AnnexBScanner, YieldsNothingWithoutStartCode) {
  EXPECT_TRUE(ScanAll({0x41, 0x9a, 0x00, 0x00, 0x02, 0x01}).empty());
  EXPECT_TRUE(ScanAll({}).empty());
  EXPECT_TRUE(ScanAll({0x00, 0x00}).empty());
}

}  // namespace
}  // namespace softmcu
