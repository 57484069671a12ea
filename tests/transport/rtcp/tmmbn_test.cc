#include "transport/rtcp/tmmbn.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kTmmbn[] = {
    0x84, 0xcd, 0x00, 0x04,  // V=2 P=0 FMT=4, PT=205 (RTPFB), length=4 (20 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // SSRC of media source: unused, 0 (RFC 5104 §4.2.2.2)
    0xaa, 0xbb, 0xcc, 0xdd,  // FCI: SSRC (the requester in the bounding set)
    0x0f, 0xd0, 0x90, 0x28,  //   MxTBR exp=3 mantissa=125000 (1 Mbit/s), overhead=40
};

TEST(RtcpTmmbn, ParseReadsBoundingSet) {
  auto tmmbn = ParseFirst<Tmmbn>(kTmmbn);
  ASSERT_TRUE(tmmbn.has_value()) << ToString(tmmbn.error());
  ASSERT_EQ(tmmbn->items.size(), 1u);
  EXPECT_EQ(tmmbn->items[0], (TmmbItem{0xaabbccdd, DataRate::KilobitsPerSec(1000), 40}));
}

TEST(RtcpTmmbn, RoundTripIsByteExact) {
  auto tmmbn = ParseFirst<Tmmbn>(kTmmbn);
  ASSERT_TRUE(tmmbn.has_value());
  EXPECT_EQ(Serialize(*tmmbn), Bytes(kTmmbn));
}

TEST(RtcpTmmbn, EmptyBoundingSetRoundTrips) {
  const uint8_t bytes[] = {
      0x84, 0xcd, 0x00, 0x02,  // FMT=4, RTPFB, length=2: no entries, no limit applies
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
  };
  auto tmmbn = ParseFirst<Tmmbn>(bytes);
  ASSERT_TRUE(tmmbn.has_value());
  EXPECT_TRUE(tmmbn->items.empty());
  EXPECT_EQ(Serialize(*tmmbn), Bytes(bytes));
}

TEST(RtcpTmmbn, ParseFailsWithTmmbrFormat) {
  auto bytes = Bytes(kTmmbn);
  bytes[0] = 0x83;  // FMT=3 (TMMBR)
  EXPECT_EQ(ParseFirst<Tmmbn>(bytes).error(), ParseError::kWrongPacketType);
}

TEST(RtcpTmmbn, ParseFailsWithTruncatedEntry) {
  const uint8_t bytes[] = {
      0x84, 0xcd, 0x00, 0x03,  // FMT=4, RTPFB, length=3
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
      0xaa, 0xbb, 0xcc, 0xdd,  // FCI: SSRC, then the MxTBR word is missing
  };
  EXPECT_EQ(ParseFirst<Tmmbn>(bytes).error(), ParseError::kMisalignedFci);
}

}  // namespace
}  // namespace softmcu::rtcp
