#include "transport/rtcp/bye.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kBye[] = {
    0x82, 0xcb, 0x00, 0x04,  // V=2 P=0 SC=2, PT=203 (BYE), length=4 (20 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC 1
    0x55, 0x66, 0x77, 0x88,  // SSRC 2
    0x06, 'c',  'a',  'm',   // reason length=6: "camera"
    'e',  'r',  'a',  0x00,  //   null padding to the word boundary
};

TEST(RtcpBye, ParseReadsSsrcsAndReason) {
  auto bye = ParseFirst<Bye>(kBye);
  ASSERT_TRUE(bye.has_value()) << ToString(bye.error());
  EXPECT_EQ(bye->ssrcs, (FixedVector<uint32_t, Bye::kMaxSsrcs>{0x11223344, 0x55667788}));
  EXPECT_EQ(bye->reason, "camera");
}

TEST(RtcpBye, RoundTripIsByteExact) {
  auto bye = ParseFirst<Bye>(kBye);
  ASSERT_TRUE(bye.has_value());
  EXPECT_EQ(Serialize(*bye), Bytes(kBye));
}

TEST(RtcpBye, WithoutReasonHasNoReasonField) {
  Bye bye;
  bye.ssrcs = {0x01020304};
  const uint8_t expected[] = {
      0x81, 0xcb, 0x00, 0x01,  // SC=1, BYE, length=1
      0x01, 0x02, 0x03, 0x04,  // SSRC
  };
  EXPECT_EQ(Serialize(bye), Bytes(expected));
  EXPECT_EQ(*ParseFirst<Bye>(expected), bye);
}

TEST(RtcpBye, ReasonFillingAWordNeedsNoPadding) {
  Bye bye;
  bye.ssrcs = {1};
  bye.reason = "bye";  // length octet + 3 = one word
  EXPECT_EQ(bye.BlockLength(), 12u);
  EXPECT_EQ(*ParseFirst<Bye>(Serialize(bye)), bye);
}

TEST(RtcpBye, ParseFailsWithSsrcCountPastBody) {
  const uint8_t bytes[] = {
      0x83, 0xcb, 0x00, 0x02,  // SC=3, BYE, length=2: two SSRCs only
      0x11, 0x22, 0x33, 0x44,  // SSRC 1
      0x55, 0x66, 0x77, 0x88,  // SSRC 2
  };
  EXPECT_EQ(ParseFirst<Bye>(bytes).error(), ParseError::kCountPastBody);
}

TEST(RtcpBye, ParseFailsWithReasonPastBody) {
  const uint8_t bytes[] = {
      0x81, 0xcb, 0x00, 0x02,  // SC=1, BYE, length=2
      0x11, 0x22, 0x33, 0x44,  // SSRC
      0x09, 'l',  'o',  'n',   // reason length=9, only 3 octets follow
  };
  EXPECT_EQ(ParseFirst<Bye>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpBye, SerializeFailsWithReasonPastMaximumLength) {
  Bye bye;
  bye.reason = std::string(256, 'x');
  std::vector<uint8_t> out(bye.BlockLength());
  ByteWriter writer(out);
  EXPECT_EQ(bye.Serialize(writer), 0u);
}

}  // namespace
}  // namespace softmcu::rtcp
