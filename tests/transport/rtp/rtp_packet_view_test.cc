#include "transport/rtp/rtp_packet_view.h"

#include <gtest/gtest.h>

#include <vector>

#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

// Packets as annotated 32-bit words, as mediasoup's RTP tests write them.
const std::vector<uint8_t> kPacketWithOneByteExtensions = {
    0x90, 0x6f, 0x12, 0x34,  // V=2 P=0 X=1 CC=0 | M=0 PT=111 | seq=0x1234
    0x00, 0x01, 0xe2, 0x40,  // timestamp 123456
    0xde, 0xad, 0xbe, 0xef,  // SSRC
    0xbe, 0xde, 0x00, 0x02,  // one-byte extension profile | length 2 words
    0x10, 0x8a, 0x00, 0x22,  // id=1 L=0 level 0x8a | id=0 pad | id=2 L=2: 3 bytes ->
    0xaa, 0xbb, 0xcc, 0x00,  //   0xaa 0xbb 0xcc | pad
    0x01, 0x02, 0x03, 0x04,  // payload
};

TEST(RtpPacketView, ParsesFixedHeaderFields) {
  auto p = RtpPacketView::Parse(kPacketWithOneByteExtensions);
  ASSERT_TRUE(p.has_value());
  EXPECT_FALSE(p->marker());
  EXPECT_EQ(p->payload_type(), 111);
  EXPECT_EQ(p->sequence_number(), 0x1234);
  EXPECT_EQ(p->timestamp(), 123456u);
  EXPECT_EQ(p->ssrc(), 0xdeadbeefu);
  EXPECT_EQ(p->header_size(), 24u);
  ASSERT_EQ(p->payload().size(), 4u);
  EXPECT_EQ(p->payload()[0], 0x01);
}

TEST(RtpPacketView, FindsOneByteExtensionsAcrossPaddingBytes) {
  auto p = RtpPacketView::Parse(kPacketWithOneByteExtensions);
  ASSERT_TRUE(p.has_value());
  auto level = p->FindExtension(1);
  ASSERT_TRUE(level.has_value());
  ASSERT_EQ(level->size(), 1u);
  EXPECT_EQ((*level)[0], 0x8a);
  auto other = p->FindExtension(2);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->size(), 3u);
  EXPECT_FALSE(p->FindExtension(3).has_value());
}

TEST(RtpPacketView, ParseFailsWhenShorterThanFixedHeader) {
  std::vector<uint8_t> p(kPacketWithOneByteExtensions.begin(), kPacketWithOneByteExtensions.begin() + 11);
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kTooShort);
  EXPECT_EQ(RtpPacketView::Parse({}).error(), RtpParseError::kTooShort);
}

TEST(RtpPacketView, ParseFailsWithWrongVersion) {
  auto p = kPacketWithOneByteExtensions;
  p[0] = (p[0] & 0x3f) | 0x40;  // V=1
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kBadVersion);
}

TEST(RtpPacketView, ParseFailsWhenCsrcCountOverflowsPacket) {
  std::vector<uint8_t> p = {
      0x8f, 0x60, 0x00, 0x01,  // V=2 CC=15: 60 bytes of CSRC announced
      0x00, 0x00, 0x00, 0x00,  // timestamp
      0x00, 0x00, 0x00, 0x01,  // SSRC
      0x00, 0x00, 0x00, 0x02,  // only one CSRC present
  };
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kCsrcPastEnd);
}

TEST(RtpPacketView, ParseFailsWhenExtensionLengthOverflowsPacket) {
  auto p = kPacketWithOneByteExtensions;
  p[14] = 0xff;  // extension length 0xff02 words
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kExtensionPastEnd);
}

TEST(RtpPacketView, ParseFailsWhenExtensionHeaderIsTruncated) {
  std::vector<uint8_t> p(kPacketWithOneByteExtensions.begin(), kPacketWithOneByteExtensions.begin() + 14);
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kExtensionPastEnd);
}

TEST(RtpPacketView, ParseFailsWithPaddingLongerThanPayload) {
  auto p = kPacketWithOneByteExtensions;
  p[0] |= 0x20;
  p.back() = 5;  // 5 bytes of padding, only 4 after the header
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kBadPadding);
  p.back() = 0;  // a zero count is invalid too: the count includes itself
  EXPECT_EQ(RtpPacketView::Parse(p).error(), RtpParseError::kBadPadding);
}

TEST(RtpPacketView, StopsAtMalformedOneByteElement) {
  auto p = kPacketWithOneByteExtensions;
  p[19] = 0x2f;  // id=2 with L=15: 16 bytes, past the 8-byte block
  auto v = RtpPacketView::Parse(p);
  ASSERT_TRUE(v.has_value());
  EXPECT_TRUE(v->FindExtension(1).has_value());
  EXPECT_FALSE(v->FindExtension(2).has_value());
}

TEST(RtpPacketView, DemultiplexesRtcpFromRtp) {
  const uint8_t rr[] = {0x80, 201, 0x00, 0x01};
  EXPECT_TRUE(RtpPacketView::LooksLikeRtcp(rr));
  EXPECT_FALSE(RtpPacketView::LooksLikeRtcp(kPacketWithOneByteExtensions));
}

struct RoundTripCase {
  const char* name;
  bool marker;
  std::vector<uint32_t> csrcs;
  std::vector<std::pair<uint8_t, std::vector<uint8_t>>> extensions;
  uint8_t padding;
  uint16_t expected_profile;
};

class RtpRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(RtpRoundTrip, BuildThenParseGivesTheSameFields) {
  const auto& c = GetParam();
  RtpPacketBuilder b;
  b.SetPayloadType(96).SetMarker(c.marker).SetSequenceNumber(65535).SetTimestamp(0xfffffff0).SetSsrc(42);
  for (auto csrc : c.csrcs) ASSERT_TRUE(b.AddCsrc(csrc));
  for (const auto& [id, data] : c.extensions) ASSERT_TRUE(b.AddExtension(id, data));
  b.SetPadding(c.padding);
  const std::vector<uint8_t> payload = {9, 8, 7, 6, 5};
  std::vector<uint8_t> out(1500);
  auto size = b.Write(payload, out);
  ASSERT_TRUE(size.has_value());
  EXPECT_EQ(*size % 4 == 0 || c.padding == 0, true);

  auto v = RtpPacketView::Parse(std::span(out).first(*size));
  ASSERT_TRUE(v.has_value()) << ToString(v.error());
  EXPECT_EQ(v->marker(), c.marker);
  EXPECT_EQ(v->payload_type(), 96);
  EXPECT_EQ(v->sequence_number(), 65535);
  EXPECT_EQ(v->timestamp(), 0xfffffff0u);
  EXPECT_EQ(v->ssrc(), 42u);
  ASSERT_EQ(v->csrc_count(), c.csrcs.size());
  for (size_t i = 0; i < c.csrcs.size(); ++i) EXPECT_EQ(v->csrc(i), c.csrcs[i]);
  EXPECT_EQ(v->padding_size(), c.padding);
  EXPECT_EQ(v->header_size(), b.HeaderSize());
  EXPECT_EQ(std::vector<uint8_t>(v->payload().begin(), v->payload().end()), payload);
  if (!c.extensions.empty()) EXPECT_EQ(v->extension_profile(), c.expected_profile);
  for (const auto& [id, data] : c.extensions) {
    auto found = v->FindExtension(id);
    ASSERT_TRUE(found.has_value()) << int(id);
    EXPECT_EQ(std::vector<uint8_t>(found->begin(), found->end()), data);
  }

  // Serialize the parsed view's fields again: byte-identical.
  RtpPacketBuilder again;
  again.SetPayloadType(v->payload_type()).SetMarker(v->marker()).SetSequenceNumber(v->sequence_number());
  again.SetTimestamp(v->timestamp()).SetSsrc(v->ssrc()).SetPadding(uint8_t(v->padding_size()));
  for (size_t i = 0; i < v->csrc_count(); ++i) again.AddCsrc(v->csrc(i));
  for (const auto& [id, data] : c.extensions) again.AddExtension(id, *v->FindExtension(id));
  std::vector<uint8_t> out2(1500);
  auto size2 = again.Write(v->payload(), out2);
  ASSERT_EQ(size2, size);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + *size),
            std::vector<uint8_t>(out2.begin(), out2.begin() + *size2));
}

INSTANTIATE_TEST_SUITE_P(
    AllHeaderShapes, RtpRoundTrip,
    ::testing::Values(
        RoundTripCase{"Plain", false, {}, {}, 0, 0},
        RoundTripCase{"MarkerAndCsrcs", true, {1, 2, 0xffffffff}, {}, 0, 0},
        RoundTripCase{"FifteenCsrcs", false, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {}, 0, 0},
        RoundTripCase{
            "OneByteExtensions", false, {}, {{1, {0x85}}, {3, {1, 2, 3}}}, 0, kOneByteExtensionProfile},
        RoundTripCase{"SixteenByteElementStillOneByte",
                      false,
                      {},
                      {{14, std::vector<uint8_t>(16, 7)}},
                      0,
                      kOneByteExtensionProfile},
        RoundTripCase{"LongElementNeedsTwoByte",
                      false,
                      {},
                      {{2, std::vector<uint8_t>(17, 1)}},
                      0,
                      kTwoByteExtensionProfile},
        RoundTripCase{
            "HighIdNeedsTwoByte", false, {7}, {{200, {1, 2}}, {1, {3}}}, 0, kTwoByteExtensionProfile},
        RoundTripCase{"EmptyElementNeedsTwoByte", false, {}, {{5, {}}}, 0, kTwoByteExtensionProfile},
        RoundTripCase{"Padding", true, {9}, {{1, {0x10}}}, 7, kOneByteExtensionProfile}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(RtpPacketBuilder, RefusesWhenBufferIsTooSmall) {
  RtpPacketBuilder b;
  std::vector<uint8_t> payload(100);
  std::vector<uint8_t> out(111);
  EXPECT_FALSE(b.Write(payload, out).has_value());
  out.resize(112);
  EXPECT_EQ(b.Write(payload, out), 112u);
}

TEST(RtpPacketBuilder, WritesPayloadAlreadyInPlace) {
  RtpPacketBuilder b;
  b.SetSequenceNumber(7);
  std::vector<uint8_t> buf(64, 0);
  const size_t h = b.HeaderSize();
  for (size_t i = 0; i < 10; ++i) buf[h + i] = uint8_t(i + 1);
  auto size = b.Write(std::span(buf).subspan(h, 10), buf);
  ASSERT_EQ(size, h + 10);
  auto v = RtpPacketView::Parse(std::span(buf).first(*size));
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->payload()[9], 10);
}

TEST(RtpPacketBuilder, RejectsInvalidExtensionIds) {
  RtpPacketBuilder b;
  EXPECT_FALSE(b.AddExtension(0, std::vector<uint8_t>{1}));
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(b.AddExtension(uint8_t(i + 1), std::vector<uint8_t>{1}));
  EXPECT_FALSE(b.AddExtension(20, std::vector<uint8_t>{1}));
}

}  // namespace
}  // namespace softmcu
