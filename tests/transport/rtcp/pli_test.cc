#include "transport/rtcp/pli.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kPli[] = {
    0x81, 0xce, 0x00, 0x02,  // V=2 P=0 FMT=1, PT=206 (PSFB), length=2
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0xaa, 0xbb, 0xcc, 0xdd,  // SSRC of media source
};

TEST(RtcpPli, ParseReadsSsrcs) {
  auto pli = ParseFirst<Pli>(kPli);
  ASSERT_TRUE(pli.has_value()) << ToString(pli.error());
  EXPECT_EQ(pli->sender_ssrc, 0x11223344u);
  EXPECT_EQ(pli->media_ssrc, 0xaabbccddu);
}

TEST(RtcpPli, RoundTripIsByteExact) {
  auto pli = ParseFirst<Pli>(kPli);
  ASSERT_TRUE(pli.has_value());
  EXPECT_EQ(Serialize(*pli), Bytes(kPli));
}

TEST(RtcpPli, BuiltMatchesAnnotatedBytes) {
  EXPECT_EQ(Serialize(Pli{.sender_ssrc = 0x11223344, .media_ssrc = 0xaabbccdd}), Bytes(kPli));
}

TEST(RtcpPli, ParseFailsWithTruncatedSsrcs) {
  const uint8_t bytes[] = {
      0x81, 0xce, 0x00, 0x01,  // FMT=1, PSFB, length=1
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender; media SSRC missing
  };
  EXPECT_EQ(ParseFirst<Pli>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpPli, ParseFailsWithOtherFormat) {
  auto bytes = Bytes(kPli);
  bytes[0] = 0x84;  // FMT=4 (FIR)
  EXPECT_EQ(ParseFirst<Pli>(bytes).error(), ParseError::kWrongPacketType);
}

}  // namespace
}  // namespace softmcu::rtcp
