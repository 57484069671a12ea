#include "media/h264/h264_packetizer.h"

#include <gtest/gtest.h>

#include "core/byte_io.h"
#include "tests/media/h264/h264_test_util.h"
#include "transport/rtp/rtp_packet_view.h"

namespace softmcu {
namespace {

using namespace h264_test;

constexpr uint8_t kStapAType = 24;
constexpr uint8_t kFuAType = 28;

TEST(H264Packetizer, NaluOfExactlyMaxPayloadIsSingleNaluPacket) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  const Bytes nalu = MakeNalu(H264NaluType::kSlice, 1200, 1);
  auto packets = Packetize(packetizer, AnnexB({nalu}), 3000, seq);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].payload, nalu);
  EXPECT_TRUE(packets[0].marker);
}

TEST(H264Packetizer, NaluOneByteOverMaxPayloadIsTwoFuAs) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  const Bytes nalu = MakeNalu(H264NaluType::kSlice, 1201, 2);
  auto packets = Packetize(packetizer, AnnexB({nalu}), 3000, seq);
  ASSERT_EQ(packets.size(), 2u);
  // 1200 payload bytes after the header, split evenly: 600 + 600 (+ 2 header bytes each).
  EXPECT_EQ(packets[0].payload.size(), 602u);
  EXPECT_EQ(packets[1].payload.size(), 602u);
  EXPECT_EQ(packets[0].payload[0] & 0x1f, kFuAType);
}

TEST(H264Packetizer, FuAStartAndEndBits) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  const Bytes nalu = MakeNalu(H264NaluType::kIdr, 5000, 3);
  auto packets = Packetize(packetizer, AnnexB({nalu}), 3000, seq);
  ASSERT_EQ(packets.size(), 5u);  // 4999 payload bytes / 1198 per packet
  for (size_t i = 0; i < packets.size(); ++i) {
    const uint8_t fu_header = packets[i].payload[1];
    EXPECT_EQ((fu_header & 0x80) != 0, i == 0) << i;                   // S
    EXPECT_EQ((fu_header & 0x40) != 0, i + 1 == packets.size()) << i;  // E
    EXPECT_EQ(fu_header & 0x20, 0) << i;                               // R
    EXPECT_EQ(fu_header & 0x1f, 5) << i;                               // fragmented type: IDR
    EXPECT_EQ(packets[i].marker, i + 1 == packets.size()) << i;
    EXPECT_LE(packets[i].payload.size(), 1200u);
  }
}

TEST(H264Packetizer, FuAFragmentsHaveNearEqualSizes) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  auto packets = Packetize(packetizer, AnnexB({MakeNalu(H264NaluType::kIdr, 5000, 3)}), 0, seq);
  ASSERT_EQ(packets.size(), 5u);
  // 4999 = 4 × 1000 + 999: sizes differ by at most one byte.
  size_t total = 0;
  for (const auto& p : packets) {
    EXPECT_GE(p.payload.size() - 2, 999u);
    EXPECT_LE(p.payload.size() - 2, 1000u);
    total += p.payload.size() - 2;
  }
  EXPECT_EQ(total, 4999u);
}

TEST(H264Packetizer, FuAIndicatorCarriesFAndNriOfTheNalu) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  Bytes nalu = MakeNalu(H264NaluType::kSlice, 3000, 4);
  nalu[0] = 0x41;  // F=0 NRI=2 type=1
  auto packets = Packetize(packetizer, AnnexB({nalu}), 0, seq);
  ASSERT_GE(packets.size(), 2u);
  for (const auto& p : packets) EXPECT_EQ(p.payload[0], 0x40 | kFuAType);  // F=0 NRI=2 type=28
}

TEST(H264Packetizer, AggregatesSpsPpsBeforeIdrIntoStapA) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 1199, 5);
  auto packets = Packetize(packetizer, AnnexB({kSps720p, kPps720p, idr}), 0, seq);
  ASSERT_EQ(packets.size(), 2u);
  const Bytes& stap = packets[0].payload;
  ASSERT_EQ(stap.size(), 1 + 2 + kSps720p.size() + 2 + kPps720p.size());
  EXPECT_EQ(stap[0], 0x60 | kStapAType);           // F=0, NRI=3 (max of SPS/PPS), type 24
  EXPECT_EQ(LoadBe16(&stap[1]), kSps720p.size());  // NALU 1 size
  EXPECT_EQ(Bytes(stap.begin() + 3, stap.begin() + 3 + kSps720p.size()), kSps720p);
  const size_t second = 3 + kSps720p.size();
  EXPECT_EQ(LoadBe16(&stap[second]), kPps720p.size());  // NALU 2 size
  EXPECT_EQ(Bytes(stap.begin() + second + 2, stap.end()), kPps720p);
  EXPECT_FALSE(packets[0].marker);
  EXPECT_EQ(packets[1].payload, idr);
  EXPECT_TRUE(packets[1].marker);
}

TEST(H264Packetizer, StapANriIsTheMaximumOfItsUnits) {
  H264Packetizer packetizer({});
  uint16_t seq = 0;
  Bytes sei = MakeNalu(H264NaluType::kSei, 10, 6);  // NRI 0
  Bytes slice = MakeNalu(H264NaluType::kSlice, 10, 7);
  slice[0] = 0x21;  // NRI 1
  auto packets = Packetize(packetizer, AnnexB({sei, slice}), 0, seq);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].payload[0], 0x20 | kStapAType);
}

TEST(H264Packetizer, SingleNaluModeNeverAggregatesOrFragments) {
  H264Packetizer packetizer({.max_payload_size = 1200, .mode = H264PacketizationMode::kSingleNalUnit});
  uint16_t seq = 0;
  const Bytes idr = MakeNalu(H264NaluType::kIdr, 1200, 8);
  auto packets = Packetize(packetizer, AnnexB({kSps720p, kPps720p, idr}), 0, seq);
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_EQ(packets[0].payload, kSps720p);
  EXPECT_EQ(packets[1].payload, kPps720p);
  EXPECT_EQ(packets[2].payload, idr);
}

TEST(H264Packetizer, SingleNaluModeRejectsTooLargeNalu) {
  H264Packetizer packetizer({.max_payload_size = 1200, .mode = H264PacketizationMode::kSingleNalUnit});
  const Bytes au = AnnexB({kSps720p, MakeNalu(H264NaluType::kIdr, 1201, 9)});
  auto count = packetizer.SetAccessUnit(au, 0);
  ASSERT_FALSE(count.has_value());
  EXPECT_EQ(count.error(), H264Packetizer::Error::kNalUnitTooLarge);
  EXPECT_FALSE(packetizer.HasNext());
}

TEST(H264Packetizer, RejectsInputWithoutStartCode) {
  H264Packetizer packetizer({});
  const Bytes raw = MakeNalu(H264NaluType::kSlice, 50, 1);
  EXPECT_EQ(packetizer.SetAccessUnit(raw, 0).error(), H264Packetizer::Error::kNoNalUnits);
}

TEST(H264Packetizer, RejectsRtpPayloadTypesInInput) {
  H264Packetizer packetizer({});
  for (uint8_t type : {0, 24, 28, 31}) {
    Bytes nalu = {uint8_t(0x60 | type), 0x11, 0x22};
    EXPECT_EQ(packetizer.SetAccessUnit(AnnexB({nalu}), 0).error(), H264Packetizer::Error::kInvalidNaluType)
        << int(type);
  }
}

TEST(H264Packetizer, NextPacketWritesRtpHeaderTimestampAndMarker) {
  H264Packetizer packetizer({});
  const Bytes au = AnnexB({kSps720p, kPps720p, MakeNalu(H264NaluType::kIdr, 2000, 10)});
  ASSERT_EQ(packetizer.SetAccessUnit(au, 90000), 3u);
  RtpPacketBuilder builder;
  builder.SetSsrc(0x1234).SetPayloadType(102);
  Bytes buffer(1500);
  uint16_t seq = 65535;
  std::vector<Bytes> packets;
  while (packetizer.HasNext()) {
    builder.SetSequenceNumber(seq++);
    auto size = packetizer.NextPacket(builder, buffer);
    ASSERT_TRUE(size.has_value());
    packets.emplace_back(buffer.data(), buffer.data() + *size);
  }
  ASSERT_EQ(packets.size(), 3u);
  for (size_t i = 0; i < packets.size(); ++i) {
    auto view = RtpPacketView::Parse(packets[i]);
    ASSERT_TRUE(view.has_value());
    EXPECT_EQ(view->timestamp(), 90000u);
    EXPECT_EQ(view->ssrc(), 0x1234u);
    EXPECT_EQ(view->payload_type(), 102);
    EXPECT_EQ(view->sequence_number(), uint16_t(65535 + i));
    EXPECT_EQ(view->marker(), i == 2);
  }
  EXPECT_EQ(RtpPacketView::Parse(packets[0])->payload()[0] & 0x1f, kStapAType);
}

TEST(H264Packetizer, NextPacketIntoTooSmallBufferTakesNothing) {
  H264Packetizer packetizer({});
  const Bytes au = AnnexB({MakeNalu(H264NaluType::kSlice, 500, 1)});  // must outlive the packets
  ASSERT_TRUE(packetizer.SetAccessUnit(au, 0).has_value());
  RtpPacketBuilder builder;
  Bytes small(100);
  EXPECT_FALSE(packetizer.NextPacket(builder, small).has_value());
  EXPECT_EQ(packetizer.remaining(), 1u);
  Bytes big(600);
  EXPECT_TRUE(packetizer.NextPacket(builder, big).has_value());
  EXPECT_FALSE(packetizer.HasNext());
}

TEST(H264Packetizer, SmallMaxPayloadStillFragments) {
  H264Packetizer packetizer({.max_payload_size = 3});
  uint16_t seq = 0;
  auto packets = Packetize(packetizer, AnnexB({MakeNalu(H264NaluType::kSlice, 6, 1)}), 0, seq);
  EXPECT_EQ(packets.size(), 5u);  // one payload byte per FU-A
}

}  // namespace
}  // namespace softmcu
