#include "transport/rtcp/sender_report.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kSenderReport[] = {
    0x81, 0xc8, 0x00, 0x0c,  // V=2 P=0 RC=1, PT=200 (SR), length=12 (52 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of sender
    0xe5, 0x2d, 0x1a, 0x00,  // NTP timestamp, most significant word
    0x80, 0x00, 0x00, 0x00,  // NTP timestamp, least significant word (.5 s)
    0x00, 0x01, 0xe2, 0x40,  // RTP timestamp=123456
    0x00, 0x00, 0x03, 0xe8,  // sender's packet count=1000
    0x00, 0x0f, 0x42, 0x40,  // sender's octet count=1000000
    0xaa, 0xbb, 0xcc, 0xdd,  // report block 1: SSRC_1
    0x19, 0xff, 0xff, 0xfe,  //   fraction lost=25, cumulative lost=-2
    0x00, 0x01, 0x00, 0x10,  //   extended highest sequence number
    0x00, 0x00, 0x00, 0x64,  //   interarrival jitter=100
    0x2d, 0x1a, 0x00, 0x00,  //   last SR
    0x00, 0x01, 0x80, 0x00,  //   delay since last SR
};

TEST(RtcpSenderReport, ParseReadsSenderInfoAndBlocks) {
  auto sr = ParseFirst<SenderReport>(kSenderReport);
  ASSERT_TRUE(sr.has_value()) << ToString(sr.error());
  EXPECT_EQ(sr->sender_ssrc, 0x11223344u);
  EXPECT_EQ(sr->ntp_timestamp, 0xe52d1a0080000000u);
  EXPECT_EQ(sr->rtp_timestamp, 123456u);
  EXPECT_EQ(sr->packet_count, 1000u);
  EXPECT_EQ(sr->octet_count, 1000000u);
  ASSERT_EQ(sr->report_blocks.size(), 1u);
  EXPECT_EQ(sr->report_blocks[0].ssrc, 0xaabbccddu);
  EXPECT_EQ(sr->report_blocks[0].cumulative_lost, -2);
}

TEST(RtcpSenderReport, RoundTripIsByteExact) {
  auto sr = ParseFirst<SenderReport>(kSenderReport);
  ASSERT_TRUE(sr.has_value());
  EXPECT_EQ(Serialize(*sr), Bytes(kSenderReport));
}

TEST(RtcpSenderReport, BuiltWithMaximumBlocksRoundTrips) {
  SenderReport sr;
  sr.sender_ssrc = 7;
  sr.ntp_timestamp = 0x0123456789abcdef;
  for (uint32_t i = 0; i < kMaxReportBlocks; ++i) {
    ReportBlock block;
    block.ssrc = 100 + i;
    block.cumulative_lost = -static_cast<int32_t>(i);
    ASSERT_TRUE(sr.report_blocks.push_back(block));
  }
  EXPECT_FALSE(sr.report_blocks.push_back(ReportBlock{}));
  const auto bytes = Serialize(sr);
  EXPECT_EQ(bytes.size(), 4 + 24 + 31 * 24u);
  auto parsed = ParseFirst<SenderReport>(bytes);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, sr);
}

TEST(RtcpSenderReport, ParseSkipsProfileSpecificExtensions) {
  const uint8_t bytes[] = {
      0x80, 0xc8, 0x00, 0x07,  // RC=0, SR, length=7 (32 bytes)
      0x11, 0x22, 0x33, 0x44,  // SSRC of sender
      0x00, 0x00, 0x00, 0x01,  // NTP timestamp, most significant word
      0x00, 0x00, 0x00, 0x02,  // NTP timestamp, least significant word
      0x00, 0x00, 0x00, 0x03,  // RTP timestamp
      0x00, 0x00, 0x00, 0x04,  // sender's packet count
      0x00, 0x00, 0x00, 0x05,  // sender's octet count
      0xde, 0xad, 0xbe, 0xef,  // profile-specific extension
  };
  auto sr = ParseFirst<SenderReport>(bytes);
  ASSERT_TRUE(sr.has_value());
  EXPECT_EQ(sr->octet_count, 5u);
  EXPECT_TRUE(sr->report_blocks.empty());
}

TEST(RtcpSenderReport, ParseFailsWithTruncatedSenderInfo) {
  const uint8_t bytes[] = {
      0x80, 0xc8, 0x00, 0x02,  // RC=0, SR, length=2: no room for sender info
      0x11, 0x22, 0x33, 0x44,  // SSRC of sender
      0x00, 0x00, 0x00, 0x01,  // NTP timestamp, most significant word (and no more)
  };
  EXPECT_EQ(ParseFirst<SenderReport>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpSenderReport, ParseFailsWithReportCountPastBody) {
  auto bytes = Bytes(kSenderReport);
  bytes[0] = 0x82;  // RC=2, one block present
  EXPECT_EQ(ParseFirst<SenderReport>(bytes).error(), ParseError::kCountPastBody);
}

TEST(RtcpSenderReport, ParseFailsWithOtherPacketType) {
  const uint8_t rr[] = {
      0x80, 0xc9, 0x00, 0x01,  // RR
      0x11, 0x22, 0x33, 0x44,  // SSRC
  };
  EXPECT_EQ(ParseFirst<SenderReport>(rr).error(), ParseError::kWrongPacketType);
}

}  // namespace
}  // namespace softmcu::rtcp
