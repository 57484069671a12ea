#include "transport/rtcp/compound_view.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu::rtcp {
namespace {

std::vector<PacketKind> Kinds(std::span<const uint8_t> datagram, std::optional<ParseError>* error = nullptr) {
  RtcpCompoundView compound(datagram);
  std::vector<PacketKind> kinds;
  while (auto packet = compound.Next()) kinds.push_back(packet->kind);
  if (error) *error = compound.error();
  return kinds;
}

TEST(RtcpCompoundView, YieldsEachPacketWithHeaderAndBody) {
  const uint8_t datagram[] = {
      0x80, 0xc9, 0x00, 0x01,  // RR, RC=0, length=1
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x81, 0xce, 0x00, 0x02,  // PSFB FMT=1 (PLI), length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  //   SSRC of media source
  };
  RtcpCompoundView compound(datagram);
  auto rr = compound.Next();
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(rr->kind, PacketKind::kReceiverReport);
  EXPECT_EQ(rr->header.packet_type, kPtReceiverReport);
  EXPECT_EQ(rr->body.size(), 4u);
  EXPECT_EQ(rr->body.data(), datagram + 4);
  EXPECT_EQ(rr->packet.size(), 8u);
  auto pli = compound.Next();
  ASSERT_TRUE(pli.has_value());
  EXPECT_EQ(pli->kind, PacketKind::kPli);
  EXPECT_EQ(pli->body.size(), 8u);
  EXPECT_FALSE(compound.Next().has_value());
  EXPECT_FALSE(compound.error().has_value());
  EXPECT_EQ(compound.packet_count(), 2u);
}

TEST(RtcpCompoundView, EmptyDatagramEndsWithoutError) {
  RtcpCompoundView compound(std::span<const uint8_t>{});
  EXPECT_FALSE(compound.Next().has_value());
  EXPECT_FALSE(compound.error().has_value());
}

TEST(RtcpCompoundView, ParseFailsWithTruncatedHeader) {
  const uint8_t datagram[] = {
      0x80, 0xc9, 0x00, 0x01,  // RR, RC=0, length=1
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x80, 0xc9,              // two stray bytes: not a header
  };
  std::optional<ParseError> error;
  EXPECT_EQ(Kinds(datagram, &error), std::vector<PacketKind>{PacketKind::kReceiverReport});
  EXPECT_EQ(error, ParseError::kTruncatedHeader);
}

TEST(RtcpCompoundView, ParseFailsWithWrongVersion) {
  const uint8_t datagram[] = {
      0x40, 0xc9, 0x00, 0x01,  // V=1, RR
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
  };
  std::optional<ParseError> error;
  EXPECT_TRUE(Kinds(datagram, &error).empty());
  EXPECT_EQ(error, ParseError::kBadVersion);
}

TEST(RtcpCompoundView, ParseFailsWithLengthPastBuffer) {
  const uint8_t datagram[] = {
      0x80, 0xc9, 0x00, 0x02,  // RR, length=2 (12 bytes), but only 8 follow
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
  };
  std::optional<ParseError> error;
  EXPECT_TRUE(Kinds(datagram, &error).empty());
  EXPECT_EQ(error, ParseError::kLengthPastBuffer);
}

TEST(RtcpCompoundView, BadLengthInSecondPacketEndsCompoundAfterFirst) {
  const uint8_t datagram[] = {
      0x80, 0xc9, 0x00, 0x01,  // RR, RC=0, length=1
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x81, 0xce, 0x00, 0x05,  // PLI, length=5 (24 bytes), but only 12 follow
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  //   SSRC of media source
  };
  std::optional<ParseError> error;
  EXPECT_EQ(Kinds(datagram, &error), std::vector<PacketKind>{PacketKind::kReceiverReport});
  EXPECT_EQ(error, ParseError::kLengthPastBuffer);
}

TEST(RtcpCompoundView, NextAfterErrorKeepsReturningNothing) {
  const uint8_t datagram[] = {0x40, 0xc9, 0x00, 0x00};
  RtcpCompoundView compound(datagram);
  EXPECT_FALSE(compound.Next().has_value());
  EXPECT_FALSE(compound.Next().has_value());
  EXPECT_EQ(compound.error(), ParseError::kBadVersion);
}

TEST(RtcpCompoundView, PaddingIsRemovedFromLastPacketBody) {
  const uint8_t datagram[] = {
      0xa0, 0xc9, 0x00, 0x02,  // V=2 P=1 RC=0, RR, length=2 (12 bytes)
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x00, 0x00, 0x00, 0x04,  //   padding, count=4
  };
  RtcpCompoundView compound(datagram);
  auto rr = compound.Next();
  ASSERT_TRUE(rr.has_value());
  EXPECT_EQ(rr->body.size(), 4u);
  EXPECT_EQ(rr->packet.size(), 12u);
  EXPECT_FALSE(compound.error().has_value());
}

TEST(RtcpCompoundView, ParseFailsWithZeroPaddingCount) {
  const uint8_t datagram[] = {
      0xa0, 0xc9, 0x00, 0x02,  // P=1, RR, length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  //   padding count=0: not a count of itself
  };
  std::optional<ParseError> error;
  EXPECT_TRUE(Kinds(datagram, &error).empty());
  EXPECT_EQ(error, ParseError::kBadPadding);
}

TEST(RtcpCompoundView, ParseFailsWithPaddingPastBody) {
  const uint8_t datagram[] = {
      0xa0, 0xc9, 0x00, 0x01,  // P=1, RR, length=1
      0x11, 0x22, 0x33, 0x09,  //   padding count=9 > 4 body bytes
  };
  std::optional<ParseError> error;
  EXPECT_TRUE(Kinds(datagram, &error).empty());
  EXPECT_EQ(error, ParseError::kBadPadding);
}

TEST(RtcpCompoundView, ParseFailsWithPaddingOnNonLastPacket) {
  const uint8_t datagram[] = {
      0xa0, 0xc9, 0x00, 0x02,  // P=1, RR, length=2: padded but not last (RFC 3550 §6.4.1)
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x00, 0x00, 0x00, 0x04,  //   padding, count=4
      0x80, 0xc9, 0x00, 0x01,  // RR, length=1
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
  };
  std::optional<ParseError> error;
  EXPECT_TRUE(Kinds(datagram, &error).empty());
  EXPECT_EQ(error, ParseError::kBadPadding);
}

TEST(RtcpCompoundView, UnknownPacketTypesAreSkippedAndReported) {
  const uint8_t datagram[] = {
      0x80, 0xcc, 0x00, 0x02,  // APP (204), length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC/CSRC
      'n',  'a',  'm',  'e',   //   name (ASCII)
      0x80, 0xcf, 0x00, 0x01,  // XR (207), length=1
      0x11, 0x22, 0x33, 0x44,  //   SSRC
      0x8f, 0xcd, 0x00, 0x02,  // RTPFB FMT=15 (transport-cc, not implemented), length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  //   SSRC of media source
      0x8f, 0xce, 0x00, 0x03,  // PSFB FMT=15 (AFB) without "REMB", length=3
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  //   SSRC of media source
      'A',  'B',  'C',  'D',   //   some other application's identifier
      0x85, 0xce, 0x00, 0x02,  // PSFB FMT=5 (TSTR, not implemented), length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  //   SSRC of media source
      0x81, 0xce, 0x00, 0x02,  // PLI, length=2
      0x11, 0x22, 0x33, 0x44,  //   SSRC of packet sender
      0xaa, 0xbb, 0xcc, 0xdd,  //   SSRC of media source
  };
  std::optional<ParseError> error;
  EXPECT_EQ(Kinds(datagram, &error),
            (std::vector<PacketKind>{PacketKind::kUnknown, PacketKind::kUnknown, PacketKind::kUnknown,
                                     PacketKind::kUnknown, PacketKind::kUnknown, PacketKind::kPli}));
  EXPECT_FALSE(error.has_value());
}

TEST(RtcpCompoundView, ClassifiesEveryKnownType) {
  const uint8_t datagram[] = {
      0x80, 0xc8, 0x00, 0x00,  // SR (body checked by its parser, not here)
      0x80, 0xc9, 0x00, 0x00,  // RR
      0x80, 0xca, 0x00, 0x00,  // SDES
      0x80, 0xcb, 0x00, 0x00,  // BYE
      0x81, 0xcd, 0x00, 0x00,  // RTPFB FMT=1 NACK
      0x83, 0xcd, 0x00, 0x00,  // RTPFB FMT=3 TMMBR
      0x84, 0xcd, 0x00, 0x00,  // RTPFB FMT=4 TMMBN
      0x81, 0xce, 0x00, 0x00,  // PSFB FMT=1 PLI
      0x84, 0xce, 0x00, 0x00,  // PSFB FMT=4 FIR
      0x8f, 0xce, 0x00, 0x03,  // PSFB FMT=15 with "REMB", length=3
      0x00, 0x00, 0x00, 0x01,  //   SSRC of packet sender
      0x00, 0x00, 0x00, 0x00,  //   SSRC of media source
      'R',  'E',  'M',  'B',   //   unique identifier
  };
  EXPECT_EQ(Kinds(datagram), (std::vector<PacketKind>{
                                 PacketKind::kSenderReport, PacketKind::kReceiverReport, PacketKind::kSdes,
                                 PacketKind::kBye, PacketKind::kNack, PacketKind::kTmmbr, PacketKind::kTmmbn,
                                 PacketKind::kPli, PacketKind::kFir, PacketKind::kRemb}));
}

}  // namespace
}  // namespace softmcu::rtcp
