#include "transport/rtcp/nack.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;
using Seqs = std::vector<uint16_t>;

constexpr uint8_t kNack[] = {
    0x81, 0xcd, 0x00, 0x04,  // V=2 P=0 FMT=1, PT=205 (RTPFB), length=4 (20 bytes)
    0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
    0xaa, 0xbb, 0xcc, 0xdd,  // SSRC of media source
    0x00, 0x64, 0x80, 0x05,  // PID=100, BLP bits 0, 2, 15: 101, 103, 116
    0xff, 0xfe, 0x00, 0x03,  // PID=65534, BLP bits 0, 1: 65535, 0 (across the wrap)
};

TEST(RtcpNack, ParseExpandsLostSequenceNumbers) {
  auto nack = ParseFirst<Nack>(kNack);
  ASSERT_TRUE(nack.has_value()) << ToString(nack.error());
  EXPECT_EQ(nack->sender_ssrc, 0x11223344u);
  EXPECT_EQ(nack->media_ssrc, 0xaabbccddu);
  EXPECT_EQ(nack->LostSequenceNumbers(), (Seqs{100, 101, 103, 116, 65534, 65535, 0}));
}

TEST(RtcpNack, RoundTripIsByteExact) {
  auto nack = ParseFirst<Nack>(kNack);
  ASSERT_TRUE(nack.has_value());
  EXPECT_EQ(Serialize(*nack), Bytes(kNack));
}

TEST(RtcpNack, FromLostSequenceNumbersBuildsTheSamePacket) {
  const Seqs lost = {100, 101, 103, 116, 65534, 65535, 0};
  auto nack = Nack::FromLostSequenceNumbers(0x11223344, 0xaabbccdd, lost);
  ASSERT_TRUE(nack.has_value());
  EXPECT_EQ(Serialize(*nack), Bytes(kNack));
}

TEST(RtcpNack, PacksSeventeenConsecutiveIntoOneItem) {
  Seqs lost;
  for (uint16_t s = 10; s <= 26; ++s) lost.push_back(s);
  auto nack = Nack::FromLostSequenceNumbers(1, 2, lost);
  ASSERT_TRUE(nack.has_value());
  ASSERT_EQ(nack->items.size(), 1u);
  EXPECT_EQ(nack->items[0], (Nack::Item{10, 0xffff}));
  EXPECT_EQ(nack->LostSequenceNumbers(), lost);
}

TEST(RtcpNack, GapOfSeventeenStartsANewItem) {
  auto nack = Nack::FromLostSequenceNumbers(1, 2, Seqs{10, 27});
  ASSERT_TRUE(nack.has_value());
  EXPECT_EQ(nack->items.size(), 2u);
  EXPECT_EQ(nack->items[1], (Nack::Item{27, 0}));
}

TEST(RtcpNack, PacksAcrossSequenceWrapIntoOneItem) {
  const Seqs lost = {65530, 65535, 0, 5};
  auto nack = Nack::FromLostSequenceNumbers(1, 2, lost);
  ASSERT_TRUE(nack.has_value());
  ASSERT_EQ(nack->items.size(), 1u);
  // 65535 is PID+5 (bit 4), 0 is PID+6 (bit 5), 5 is PID+11 (bit 10).
  EXPECT_EQ(nack->items[0], (Nack::Item{65530, (1 << 4) | (1 << 5) | (1 << 10)}));
  EXPECT_EQ(nack->LostSequenceNumbers(), lost);
}

TEST(RtcpNack, DuplicateSequenceNumbersAreReportedOnce) {
  auto nack = Nack::FromLostSequenceNumbers(1, 2, Seqs{7, 7, 8, 8});
  ASSERT_TRUE(nack.has_value());
  EXPECT_EQ(nack->LostSequenceNumbers(), (Seqs{7, 8}));
}

TEST(RtcpNack, UnorderedInputStillCoversEveryNumber) {
  const Seqs lost = {50, 10, 51, 11};
  auto nack = Nack::FromLostSequenceNumbers(1, 2, lost);
  ASSERT_TRUE(nack.has_value());
  auto expanded = nack->LostSequenceNumbers();
  std::sort(expanded.begin(), expanded.end());
  EXPECT_EQ(expanded, (Seqs{10, 11, 50, 51}));
}

TEST(RtcpNack, FromLostSequenceNumbersFailsPastMaximumItems) {
  Seqs lost;
  for (size_t i = 0; i <= Nack::kMaxItems; ++i) lost.push_back(static_cast<uint16_t>(i * 20));
  EXPECT_FALSE(Nack::FromLostSequenceNumbers(1, 2, lost).has_value());
  lost.pop_back();
  EXPECT_TRUE(Nack::FromLostSequenceNumbers(1, 2, lost).has_value());
}

TEST(RtcpNack, ParseFailsWithZeroFci) {
  const uint8_t bytes[] = {
      0x81, 0xcd, 0x00, 0x02,  // FMT=1, RTPFB, length=2: no PID/BLP (RFC 4585 §6.2.1 wants 2+n, n>=1)
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  // SSRC of media source
  };
  EXPECT_EQ(ParseFirst<Nack>(bytes).error(), ParseError::kEmptyFci);
}

TEST(RtcpNack, ParseFailsWithTruncatedSsrcs) {
  const uint8_t bytes[] = {
      0x81, 0xcd, 0x00, 0x01,  // FMT=1, RTPFB, length=1
      0x11, 0x22, 0x33, 0x44,  // SSRC of packet sender; media SSRC missing
  };
  EXPECT_EQ(ParseFirst<Nack>(bytes).error(), ParseError::kTruncatedBody);
}

TEST(RtcpNack, SerializeFailsWithoutItems) {
  Nack nack;
  std::vector<uint8_t> out(nack.BlockLength());
  ByteWriter writer(out);
  EXPECT_EQ(nack.Serialize(writer), 0u);
}

}  // namespace
}  // namespace softmcu::rtcp
