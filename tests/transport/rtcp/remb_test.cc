#include "transport/rtcp/remb.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kRemb[] = {
    0x8f, 0xce, 0x00, 0x06,  // V=2 P=0 FMT=15, PT=206 (PSFB), length=6 (28 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // SSRC of media source: always 0
    'R',  'E',  'M',  'B',   // unique identifier
    0x02, 0x12, 0x62, 0x5a,  // Num SSRC=2, BR exp=4 mantissa=156250 (2.5 Mbit/s)
    0xaa, 0xaa, 0xaa, 0xaa,  // SSRC feedback 1
    0xbb, 0xbb, 0xbb, 0xbb,  // SSRC feedback 2
};

TEST(RtcpRemb, ParseReadsBitrateAndSsrcs) {
  auto remb = ParseFirst<Remb>(kRemb);
  ASSERT_TRUE(remb.has_value()) << ToString(remb.error());
  EXPECT_EQ(remb->sender_ssrc, 0x11223344u);
  EXPECT_EQ(remb->bitrate, DataRate::BitsPerSec(2'500'000));
  EXPECT_EQ(remb->ssrcs, (FixedVector<uint32_t, Remb::kMaxSsrcs>{0xaaaaaaaa, 0xbbbbbbbb}));
}

TEST(RtcpRemb, RoundTripIsByteExact) {
  auto remb = ParseFirst<Remb>(kRemb);
  ASSERT_TRUE(remb.has_value());
  EXPECT_EQ(Serialize(*remb), Bytes(kRemb));
}

TEST(RtcpRemb, BuiltFromDataRateMatchesAnnotatedBytes) {
  Remb remb;
  remb.sender_ssrc = 0x11223344;
  remb.bitrate = DataRate::KilobitsPerSec(2500);
  remb.ssrcs = {0xaaaaaaaa, 0xbbbbbbbb};
  EXPECT_EQ(Serialize(remb), Bytes(kRemb));
}

TEST(RtcpRemb, MaximumSsrcsRoundTrip) {
  Remb remb;
  remb.bitrate = DataRate::BitsPerSec(int64_t{0x3ffff} << 45);
  for (uint32_t i = 0; i < Remb::kMaxSsrcs; ++i) ASSERT_TRUE(remb.ssrcs.push_back(i));
  EXPECT_EQ(*ParseFirst<Remb>(Serialize(remb)), remb);
}

TEST(RtcpRemb, ParseFailsWithNumSsrcPastEnd) {
  auto bytes = Bytes(kRemb);
  bytes[16] = 0x03;  // Num SSRC=3, two present
  EXPECT_EQ(ParseFirst<Remb>(bytes).error(), ParseError::kCountPastBody);
}

TEST(RtcpRemb, ParseFailsWithoutIdentifier) {
  auto bytes = Bytes(kRemb);
  bytes[12] = 'X';
  EXPECT_EQ(ParseFirst<Remb>(bytes).error(), ParseError::kMissingRembIdentifier);
}

TEST(RtcpRemb, ParseFailsWithTruncatedFixedPart) {
  const uint8_t bytes[] = {
      0x8f, 0xce, 0x00, 0x03,  // FMT=15, PSFB, length=3
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
      'R',  'E',  'M',  'B',   // unique identifier; Num SSRC / BR word missing
  };
  EXPECT_EQ(ParseFirst<Remb>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpRemb, ParseFailsWithBitrateOverflow) {
  auto bytes = Bytes(kRemb);
  bytes[17] = 0xfc;  // BR exp=63
  EXPECT_EQ(ParseFirst<Remb>(bytes).error(), ParseError::kBitrateOverflow);
}

}  // namespace
}  // namespace softmcu::rtcp
