#include "transport/rtcp/compound_builder.h"

#include <gtest/gtest.h>

#include <array>

#include "transport/rtcp/compound_view.h"
#include "transport/rtcp/nack.h"
#include "transport/rtcp/pli.h"
#include "transport/rtcp/receiver_report.h"
#include "transport/rtcp/remb.h"
#include "transport/rtcp/sdes.h"

namespace softmcu::rtcp {
namespace {

TEST(RtcpCompoundBuilder, AppendsPacketsThatWalkBack) {
  std::array<uint8_t, 256> buffer{};
  RtcpCompoundBuilder builder(buffer);
  ReceiverReport rr{.sender_ssrc = 1};
  ASSERT_TRUE(rr.report_blocks.push_back(ReportBlock{.ssrc = 2, .fraction_lost = 3}));
  const Sdes sdes = Sdes::WithCname(1, "mcu@example.org");
  const uint16_t lost[] = {5, 6, 40};
  const Nack nack = *Nack::FromLostSequenceNumbers(1, 2, lost);
  Remb remb{.sender_ssrc = 1, .bitrate = DataRate::KilobitsPerSec(800), .ssrcs = {2}};

  ASSERT_TRUE(builder.Add(rr));
  ASSERT_TRUE(builder.Add(sdes));
  ASSERT_TRUE(builder.Add(nack));
  ASSERT_TRUE(builder.Add(Pli{.sender_ssrc = 1, .media_ssrc = 2}));
  ASSERT_TRUE(builder.Add(remb));
  EXPECT_EQ(builder.size(),
            rr.BlockLength() + sdes.BlockLength() + nack.BlockLength() + 12 + remb.BlockLength());

  RtcpCompoundView compound(builder.data());
  auto p1 = compound.Next();
  ASSERT_TRUE(p1 && p1->kind == PacketKind::kReceiverReport);
  EXPECT_EQ(*ReceiverReport::Parse(p1->header, p1->body), rr);
  auto p2 = compound.Next();
  ASSERT_TRUE(p2 && p2->kind == PacketKind::kSdes);
  EXPECT_EQ(Sdes::Parse(p2->header, p2->body)->Cname(1), "mcu@example.org");
  auto p3 = compound.Next();
  ASSERT_TRUE(p3 && p3->kind == PacketKind::kNack);
  EXPECT_EQ(Nack::Parse(p3->header, p3->body)->LostSequenceNumbers(), (std::vector<uint16_t>{5, 6, 40}));
  auto p4 = compound.Next();
  ASSERT_TRUE(p4 && p4->kind == PacketKind::kPli);
  auto p5 = compound.Next();
  ASSERT_TRUE(p5 && p5->kind == PacketKind::kRemb);
  EXPECT_EQ(*Remb::Parse(p5->header, p5->body), remb);
  EXPECT_FALSE(compound.Next().has_value());
  EXPECT_FALSE(compound.error().has_value());
}

TEST(RtcpCompoundBuilder, RefusesPacketThatDoesNotFitAndKeepsWhatItHas) {
  std::array<uint8_t, 20> buffer{};
  buffer.fill(0xee);
  RtcpCompoundBuilder builder(buffer);
  ASSERT_TRUE(builder.Add(Pli{.sender_ssrc = 1, .media_ssrc = 2}));  // 12 bytes
  ReceiverReport rr{.sender_ssrc = 1};
  ASSERT_TRUE(rr.report_blocks.push_back(ReportBlock{}));  // 32 bytes: too big
  EXPECT_FALSE(builder.Add(rr));
  EXPECT_EQ(builder.size(), 12u);
  EXPECT_EQ(buffer[12], 0xee);                                 // nothing written past the committed packet
  EXPECT_TRUE(builder.Add(ReceiverReport{.sender_ssrc = 1}));  // 8 bytes: exactly fills it
  EXPECT_EQ(builder.remaining(), 0u);
  EXPECT_FALSE(builder.Add(Pli{}));
}

TEST(RtcpCompoundBuilder, RefusesPacketThatCannotSerialize) {
  std::array<uint8_t, 64> buffer{};
  RtcpCompoundBuilder builder(buffer);
  EXPECT_FALSE(builder.Add(Nack{}));  // no items
  EXPECT_TRUE(builder.empty());
}

TEST(RtcpCompoundBuilder, ZeroSizedBufferRefusesEverything) {
  RtcpCompoundBuilder builder(std::span<uint8_t>{});
  EXPECT_FALSE(builder.Add(Pli{}));
  EXPECT_TRUE(builder.data().empty());
}

}  // namespace
}  // namespace softmcu::rtcp
