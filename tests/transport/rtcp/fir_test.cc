#include "transport/rtcp/fir.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kFir[] = {
    0x84, 0xce, 0x00, 0x06,  // V=2 P=0 FMT=4, PT=206 (PSFB), length=6 (28 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
    0xaa, 0xaa, 0xaa, 0xaa,  // FCI 1: SSRC
    0x07, 0x00, 0x00, 0x00,  //   seq nr=7, reserved
    0xbb, 0xbb, 0xbb, 0xbb,  // FCI 2: SSRC
    0xff, 0x00, 0x00, 0x00,  //   seq nr=255, reserved
};

TEST(RtcpFir, ParseReadsEveryEntry) {
  auto fir = ParseFirst<Fir>(kFir);
  ASSERT_TRUE(fir.has_value()) << ToString(fir.error());
  EXPECT_EQ(fir->sender_ssrc, 0x11223344u);
  ASSERT_EQ(fir->entries.size(), 2u);
  EXPECT_EQ(fir->entries[0], (Fir::Entry{0xaaaaaaaa, 7}));
  EXPECT_EQ(fir->entries[1], (Fir::Entry{0xbbbbbbbb, 255}));
}

TEST(RtcpFir, RoundTripIsByteExact) {
  auto fir = ParseFirst<Fir>(kFir);
  ASSERT_TRUE(fir.has_value());
  EXPECT_EQ(Serialize(*fir), Bytes(kFir));
}

TEST(RtcpFir, ParseIgnoresReservedBits) {
  auto bytes = Bytes(kFir);
  bytes[17] = 0xff;  // reserved bits of FCI 1
  auto fir = ParseFirst<Fir>(bytes);
  ASSERT_TRUE(fir.has_value());
  EXPECT_EQ(fir->entries[0], (Fir::Entry{0xaaaaaaaa, 7}));
}

TEST(RtcpFir, ParseFailsWithTruncatedEntry) {
  const uint8_t bytes[] = {
      0x84, 0xce, 0x00, 0x03,  // FMT=4, PSFB, length=3 (16 bytes)
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
      0xaa, 0xaa, 0xaa, 0xaa,  // FCI 1: SSRC, then the seq nr word is missing
  };
  EXPECT_EQ(ParseFirst<Fir>(bytes).error(), ParseError::kMisalignedFci);
}

TEST(RtcpFir, ParseFailsWithZeroFci) {
  const uint8_t bytes[] = {
      0x84, 0xce, 0x00, 0x02,  // FMT=4, PSFB, length=2: no entries
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
  };
  EXPECT_EQ(ParseFirst<Fir>(bytes).error(), ParseError::kEmptyFci);
}

TEST(RtcpFir, SerializeFailsWithoutEntries) {
  Fir fir;
  std::vector<uint8_t> out(fir.BlockLength());
  ByteWriter writer(out);
  EXPECT_EQ(fir.Serialize(writer), 0u);
}

}  // namespace
}  // namespace softmcu::rtcp
