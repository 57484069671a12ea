#include "transport/rtcp/receiver_report.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kReceiverReport[] = {
    0x82, 0xc9, 0x00, 0x0d,  // V=2 P=0 RC=2, PT=201 (RR), length=13 (56 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0xaa, 0xaa, 0xaa, 0xaa,  // report block 1: SSRC_1
    0x00, 0x00, 0x00, 0x00,  //   fraction lost=0, cumulative lost=0
    0x00, 0x00, 0xff, 0xff,  //   extended highest sequence number=65535
    0x00, 0x00, 0x00, 0x10,  //   interarrival jitter=16
    0x00, 0x00, 0x00, 0x00,  //   last SR: none yet
    0x00, 0x00, 0x00, 0x00,  //   delay since last SR
    0xbb, 0xbb, 0xbb, 0xbb,  // report block 2: SSRC_2
    0x80, 0x7f, 0xff, 0xff,  //   fraction lost=128 (50%), cumulative lost=8388607 (max)
    0x00, 0x02, 0x00, 0x00,  //   extended highest sequence number: 2 cycles, seq 0
    0x00, 0x00, 0x01, 0x00,  //   interarrival jitter=256
    0x12, 0x34, 0x56, 0x78,  //   last SR
    0x00, 0x00, 0x80, 0x00,  //   delay since last SR: 0.5 s
};

TEST(RtcpReceiverReport, ParseReadsEveryBlock) {
  auto rr = ParseFirst<ReceiverReport>(kReceiverReport);
  ASSERT_TRUE(rr.has_value()) << ToString(rr.error());
  EXPECT_EQ(rr->sender_ssrc, 0x11223344u);
  ASSERT_EQ(rr->report_blocks.size(), 2u);
  EXPECT_EQ(rr->report_blocks[0].ssrc, 0xaaaaaaaau);
  EXPECT_EQ(rr->report_blocks[0].extended_highest_sequence, 65535u);
  EXPECT_EQ(rr->report_blocks[1].fraction_lost, 128);
  EXPECT_EQ(rr->report_blocks[1].cumulative_lost, ReportBlock::kMaxCumulativeLost);
  EXPECT_EQ(rr->report_blocks[1].delay_since_last_sr, 0x8000u);
}

TEST(RtcpReceiverReport, RoundTripIsByteExact) {
  auto rr = ParseFirst<ReceiverReport>(kReceiverReport);
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(Serialize(*rr), Bytes(kReceiverReport));
}

TEST(RtcpReceiverReport, BuiltWithoutBlocksIsEightBytes) {
  ReceiverReport rr{.sender_ssrc = 0x01020304};
  const uint8_t expected[] = {
      0x80, 0xc9, 0x00, 0x01,  // RC=0, RR, length=1
      0x01, 0x02, 0x03, 0x04,  // SSRC of packet sender
  };
  EXPECT_EQ(Serialize(rr), Bytes(expected));
}

TEST(RtcpReceiverReport, ParseFailsWithReportCountPastBody) {
  const uint8_t bytes[] = {
      0x82, 0xc9, 0x00, 0x07,  // RC=2, RR, length=7 (32 bytes): room for one block only
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0xaa, 0xaa, 0xaa, 0xaa,  // report block 1: SSRC_1
      0x00, 0x00, 0x00, 0x00,  //   fraction lost, cumulative lost
      0x00, 0x00, 0xff, 0xff,  //   extended highest sequence number
      0x00, 0x00, 0x00, 0x10,  //   interarrival jitter
      0x00, 0x00, 0x00, 0x00,  //   last SR
      0x00, 0x00, 0x00, 0x00,  //   delay since last SR
  };
  EXPECT_EQ(ParseFirst<ReceiverReport>(bytes).error(), ParseError::kCountPastBody);
}

TEST(RtcpReceiverReport, ParseFailsWithEmptyBody) {
  const uint8_t bytes[] = {
      0x80, 0xc9, 0x00, 0x00,  // RC=0, RR, length=0: no sender SSRC
  };
  EXPECT_EQ(ParseFirst<ReceiverReport>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpReceiverReport, SerializeFailsWithoutRoom) {
  ReceiverReport rr;
  uint8_t out[7];
  ByteWriter writer(out);
  EXPECT_EQ(rr.Serialize(writer), 0u);
}

}  // namespace
}  // namespace softmcu::rtcp
