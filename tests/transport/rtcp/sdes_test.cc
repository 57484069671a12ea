#include "transport/rtcp/sdes.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/transport/rtcp/rtcp_test_util.h"

namespace softmcu::rtcp {
namespace {

using testing::Bytes;
using testing::ParseFirst;
using testing::Serialize;

constexpr uint8_t kSdes[] = {
    0x81, 0xca, 0x00, 0x06,  // V=2 P=0 SC=1, PT=202 (SDES), length=6 (28 bytes)
    0x11, 0x22, 0x33, 0x44,  // chunk 1: SSRC
    0x01, 0x10, 'u',  's',   //   CNAME, length=16: "user@example.com"
    'e',  'r',  '@',  'e',   //
    'x',  'a',  'm',  'p',   //
    'l',  'e',  '.',  'c',   //
    'o',  'm',  0x00, 0x00,  //   END, null padding to the word boundary
};

TEST(RtcpSdes, ParseReadsCname) {
  auto sdes = ParseFirst<Sdes>(kSdes);
  ASSERT_TRUE(sdes.has_value()) << ToString(sdes.error());
  ASSERT_EQ(sdes->chunks.size(), 1u);
  EXPECT_EQ(sdes->Cname(0x11223344), "user@example.com");
  EXPECT_FALSE(sdes->Cname(0x55555555).has_value());
}

TEST(RtcpSdes, RoundTripIsByteExact) {
  auto sdes = ParseFirst<Sdes>(kSdes);
  ASSERT_TRUE(sdes.has_value());
  EXPECT_EQ(Serialize(*sdes), Bytes(kSdes));
}

TEST(RtcpSdes, WithCnameBuildsTheSamePacket) {
  EXPECT_EQ(Serialize(Sdes::WithCname(0x11223344, "user@example.com")), Bytes(kSdes));
}

TEST(RtcpSdes, ChunkWhoseItemsFillAWordGetsAFullWordOfNulls) {
  // 4 (SSRC) + 2 + 2 ("ab") = 8: the END octet needs a new word, padded with three nulls.
  const uint8_t expected[] = {
      0x81, 0xca, 0x00, 0x03,  // SC=1, SDES, length=3 (16 bytes)
      0x00, 0x00, 0x00, 0x09,  // chunk 1: SSRC
      0x01, 0x02, 'a',  'b',   //   CNAME "ab"
      0x00, 0x00, 0x00, 0x00,  //   END, null padding
  };
  const Sdes sdes = Sdes::WithCname(9, "ab");
  EXPECT_EQ(Serialize(sdes), Bytes(expected));
  EXPECT_EQ(*ParseFirst<Sdes>(expected), sdes);
}

TEST(RtcpSdes, SeveralChunksAndItemTypesRoundTrip) {
  Sdes sdes;
  sdes.chunks.push_back({1, {{Sdes::ItemType::kCname, "a@b"}, {Sdes::ItemType::kTool, "softmcu"}}});
  sdes.chunks.push_back({2, {}});
  sdes.chunks.push_back({3, {{Sdes::ItemType::kPriv, std::string(255, 'x')}, {Sdes::ItemType{42}, "?"}}});
  const auto bytes = Serialize(sdes);
  EXPECT_EQ(bytes.size() % 4, 0u);
  auto parsed = ParseFirst<Sdes>(bytes);
  ASSERT_TRUE(parsed.has_value()) << ToString(parsed.error());
  EXPECT_EQ(*parsed, sdes);
}

TEST(RtcpSdes, SerializeFailsWithItemPastMaximumLength) {
  const Sdes sdes = Sdes::WithCname(1, std::string(256, 'x'));
  std::vector<uint8_t> out(sdes.BlockLength());
  ByteWriter writer(out);
  EXPECT_EQ(sdes.Serialize(writer), 0u);
}

TEST(RtcpSdes, ParseFailsWithItemLengthPastChunk) {
  const uint8_t bytes[] = {
      0x81, 0xca, 0x00, 0x02,  // SC=1, SDES, length=2 (12 bytes)
      0x11, 0x22, 0x33, 0x44,  // chunk 1: SSRC
      0x01, 0x20, 'a',  'b',   //   CNAME, length=32, but only 2 octets follow
  };
  EXPECT_EQ(ParseFirst<Sdes>(bytes).error(), ParseError::kBadSdesItem);
}

TEST(RtcpSdes, ParseFailsWithoutEndItem) {
  const uint8_t bytes[] = {
      0x81, 0xca, 0x00, 0x02,  // SC=1, SDES, length=2 (12 bytes)
      0x11, 0x22, 0x33, 0x44,  // chunk 1: SSRC
      0x01, 0x02, 'a',  'b',   //   CNAME "ab", then the body ends with no END octet
  };
  EXPECT_EQ(ParseFirst<Sdes>(bytes).error(), ParseError::kBadSdesItem);
}

TEST(RtcpSdes, ParseFailsWithChunkCountPastBody) {
  auto bytes = Bytes(kSdes);
  bytes[0] = 0x82;  // SC=2, one chunk present
  EXPECT_EQ(ParseFirst<Sdes>(bytes).error(), ParseError::kCountPastBody);
}

}  // namespace
}  // namespace softmcu::rtcp
