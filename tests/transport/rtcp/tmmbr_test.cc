#include "transport/rtcp/tmmbr.h"

#include <gtest/gtest.h>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kTmmbr[] = {
    0x83, 0xcd, 0x00, 0x04,  // V=2 P=0 FMT=3, PT=205 (RTPFB), length=4 (20 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0x00, 0x00, 0x00, 0x00,  // SSRC of media source: unused, 0 (RFC 5104 §4.2.1.2)
    0xaa, 0xbb, 0xcc, 0xdd,  // FCI: SSRC
    0x0f, 0xd0, 0x90, 0x28,  //   MxTBR exp=3 mantissa=125000 (1 Mbit/s), overhead=40
};

TEST(RtcpTmmbr, ParseReadsBitrateAndOverhead) {
  auto tmmbr = ParseFirst<Tmmbr>(kTmmbr);
  ASSERT_TRUE(tmmbr.has_value()) << ToString(tmmbr.error());
  EXPECT_EQ(tmmbr->sender_ssrc, 0x11223344u);
  ASSERT_EQ(tmmbr->items.size(), 1u);
  EXPECT_EQ(tmmbr->items[0].ssrc, 0xaabbccddu);
  EXPECT_EQ(tmmbr->items[0].max_bitrate, DataRate::BitsPerSec(1'000'000));
  EXPECT_EQ(tmmbr->items[0].packet_overhead, 40);
}

TEST(RtcpTmmbr, RoundTripIsByteExact) {
  auto tmmbr = ParseFirst<Tmmbr>(kTmmbr);
  ASSERT_TRUE(tmmbr.has_value());
  EXPECT_EQ(Serialize(*tmmbr), Bytes(kTmmbr));
}

TEST(RtcpTmmbr, BuiltFromDataRateMatchesAnnotatedBytes) {
  Tmmbr tmmbr;
  tmmbr.sender_ssrc = 0x11223344;
  tmmbr.items = {TmmbItem{0xaabbccdd, DataRate::KilobitsPerSec(1000), 40}};
  EXPECT_EQ(Serialize(tmmbr), Bytes(kTmmbr));
}

TEST(RtcpTmmbr, LargeBitrateAndMaximumOverheadRoundTrip) {
  Tmmbr tmmbr;
  tmmbr.items = {TmmbItem{1, DataRate::BitsPerSec(int64_t{0x1ffff} << 46), 511},
                 TmmbItem{2, DataRate::BitsPerSec(0), 0}};
  EXPECT_EQ(*ParseFirst<Tmmbr>(Serialize(tmmbr)), tmmbr);
}

TEST(RtcpTmmbr, SerializeClampsOverheadToNineBits) {
  Tmmbr tmmbr;
  tmmbr.items = {TmmbItem{1, DataRate::BitsPerSec(1000), 600}};
  EXPECT_EQ(ParseFirst<Tmmbr>(Serialize(tmmbr))->items[0].packet_overhead, 511);
}

TEST(RtcpTmmbr, ParseFailsWithBitrateOverflow) {
  const uint8_t bytes[] = {
      0x83, 0xcd, 0x00, 0x04,  // FMT=3, RTPFB, length=4
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
      0xaa, 0xbb, 0xcc, 0xdd,  // FCI: SSRC
      0xfc, 0x00, 0x02, 0x00,  //   MxTBR exp=63 mantissa=1: 2^63 bps does not fit
  };
  EXPECT_EQ(ParseFirst<Tmmbr>(bytes).error(), ParseError::kBitrateOverflow);
}

TEST(RtcpTmmbr, ParseFailsWithZeroFci) {
  const uint8_t bytes[] = {
      0x83, 0xcd, 0x00, 0x02,  // FMT=3, RTPFB, length=2: no entries
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
  };
  EXPECT_EQ(ParseFirst<Tmmbr>(bytes).error(), ParseError::kEmptyFci);
}

TEST(RtcpTmmbr, ParseFailsWithTruncatedEntry) {
  const uint8_t bytes[] = {
      0x83, 0xcd, 0x00, 0x03,  // FMT=3, RTPFB, length=3
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  // SSRC of media source
      0xaa, 0xbb, 0xcc, 0xdd,  // FCI: SSRC, then the MxTBR word is missing
  };
  EXPECT_EQ(ParseFirst<Tmmbr>(bytes).error(), ParseError::kMisalignedFci);
}

TEST(RtcpTmmbr, ParseFailsPastMaximumEntries) {
  Tmmbr tmmbr;
  for (uint32_t i = 0; i < kMaxTmmbItems; ++i)
    ASSERT_TRUE(tmmbr.items.push_back(TmmbItem{.ssrc = i, .max_bitrate = DataRate::BitsPerSec(i)}));
  auto bytes = Serialize(tmmbr);
  ASSERT_TRUE(ParseFirst<Tmmbr>(bytes).has_value());
  // One more entry, patched into the length field by hand.
  bytes.resize(bytes.size() + TmmbItem::kSize, 0);
  StoreBe16(&bytes[2], static_cast<uint16_t>(bytes.size() / 4 - 1));
  EXPECT_EQ(ParseFirst<Tmmbr>(bytes).error(), ParseError::kTooManyEntries);
}

}  // namespace
}  // namespace softmcu::rtcp
