#include "transport/rtcp/common_header.h"

#include <gtest/gtest.h>

namespace softmcu::rtcp {
namespace {

TEST(RtcpCommonHeader, ParseReadsEveryField) {
  const uint8_t bytes[] = {
      0xa3, 0xcd, 0x01, 0x02,  // V=2 P=1 FMT=3, PT=205, length=258
  };
  auto header = CommonHeader::Parse(bytes);
  ASSERT_TRUE(header.has_value());
  EXPECT_TRUE(header->padding);
  EXPECT_EQ(header->count_or_format, 3);
  EXPECT_EQ(header->packet_type, kPtRtpFeedback);
  EXPECT_EQ(header->length_words, 258);
  EXPECT_EQ(header->PacketSize(), 259u * 4);
}

TEST(RtcpCommonHeader, ParseFailsWithTruncatedHeader) {
  const uint8_t bytes[] = {0x80, 0xc9, 0x00};
  EXPECT_EQ(CommonHeader::Parse(bytes).error(), ParseError::kTruncatedHeader);
}

TEST(RtcpCommonHeader, ParseFailsWithWrongVersion) {
  const uint8_t bytes[] = {
      0x40, 0xc9, 0x00, 0x01,  // V=1
  };
  EXPECT_EQ(CommonHeader::Parse(bytes).error(), ParseError::kBadVersion);
}

TEST(RtcpCommonHeader, SerializeRoundTrips) {
  const uint8_t bytes[] = {
      0x9f, 0xce, 0xff, 0xff,  // V=2 P=0 FMT=31, PT=206, length=65535
  };
  auto header = CommonHeader::Parse(bytes);
  ASSERT_TRUE(header.has_value());
  uint8_t out[4];
  ByteWriter writer(out);
  EXPECT_EQ(header->Serialize(writer), 4u);
  EXPECT_EQ(std::vector<uint8_t>(out, out + 4), std::vector<uint8_t>(bytes, bytes + 4));
}

TEST(RtcpCommonHeader, ForPacketRejectsSizeNotWholeWords) {
  EXPECT_FALSE(CommonHeader::ForPacket(0, kPtBye, 6).has_value());
  EXPECT_FALSE(CommonHeader::ForPacket(0, kPtBye, 0).has_value());
}

TEST(RtcpCommonHeader, ForPacketRejectsSizePastLengthField) {
  EXPECT_TRUE(CommonHeader::ForPacket(0, kPtBye, 65536 * 4).has_value());
  EXPECT_FALSE(CommonHeader::ForPacket(0, kPtBye, 65537 * 4).has_value());
}

TEST(RtcpCommonHeader, ForPacketRejectsCountPastFiveBits) {
  EXPECT_FALSE(CommonHeader::ForPacket(32, kPtReceiverReport, 8).has_value());
}

TEST(RtcpCommonHeader, SerializeFailsWithoutRoom) {
  uint8_t out[3];
  ByteWriter writer(out);
  EXPECT_EQ(CommonHeader::ForPacket(0, kPtBye, 4)->Serialize(writer), 0u);
}

}  // namespace
}  // namespace softmcu::rtcp
