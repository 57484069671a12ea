#include "transport/rtcp/report_block.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu::rtcp {
namespace {

constexpr uint8_t kBlock[] = {
    0xaa, 0xbb, 0xcc, 0xdd,  // SSRC_1
    0x19, 0xff, 0xff, 0xfe,  // fraction lost=25, cumulative lost=-2 (24-bit two's complement)
    0x00, 0x01, 0x00, 0x10,  // extended highest sequence number: 1 cycle, seq 16
    0x00, 0x00, 0x00, 0x64,  // interarrival jitter=100
    0x2d, 0x1a, 0x00, 0x00,  // last SR
    0x00, 0x01, 0x80, 0x00,  // delay since last SR: 1.5 s in 1/65536 s
};

TEST(RtcpReportBlock, ParseReadsEveryField) {
  auto block = ReportBlock::Parse(kBlock);
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->ssrc, 0xaabbccddu);
  EXPECT_EQ(block->fraction_lost, 25);
  EXPECT_EQ(block->cumulative_lost, -2);
  EXPECT_EQ(block->extended_highest_sequence, 0x10010u);
  EXPECT_EQ(block->jitter, 100u);
  EXPECT_EQ(block->last_sr, 0x2d1a0000u);
  EXPECT_EQ(block->delay_since_last_sr, 0x18000u);
}

TEST(RtcpReportBlock, RoundTripIsByteExact) {
  auto block = ReportBlock::Parse(kBlock);
  ASSERT_TRUE(block.has_value());
  uint8_t out[ReportBlock::kSize];
  ByteWriter writer(out);
  EXPECT_EQ(block->Serialize(writer), ReportBlock::kSize);
  EXPECT_EQ(std::vector<uint8_t>(std::begin(out), std::end(out)),
            std::vector<uint8_t>(std::begin(kBlock), std::end(kBlock)));
}

TEST(RtcpReportBlock, ParseFailsWithTruncatedBlock) {
  EXPECT_EQ(ReportBlock::Parse(std::span(kBlock).first(23)).error(), ParseError::kTruncatedBody);
}

TEST(RtcpReportBlock, SerializeClampsCumulativeLostToTwentyFourBits) {
  for (auto [value, expected] :
       {std::pair{1 << 30, ReportBlock::kMaxCumulativeLost},
        std::pair{-(1 << 30), ReportBlock::kMinCumulativeLost},
        std::pair{ReportBlock::kMinCumulativeLost, ReportBlock::kMinCumulativeLost}}) {
    ReportBlock block;
    block.cumulative_lost = value;
    uint8_t out[ReportBlock::kSize];
    ByteWriter writer(out);
    ASSERT_EQ(block.Serialize(writer), ReportBlock::kSize);
    EXPECT_EQ(ReportBlock::Parse(out)->cumulative_lost, expected);
  }
}

TEST(RtcpReportBlock, ParseReportBlocksFailsWithCountPastData) {
  EXPECT_EQ(ParseReportBlocks(kBlock, 2).error(), ParseError::kCountPastBody);
}

}  // namespace
}  // namespace softmcu::rtcp
