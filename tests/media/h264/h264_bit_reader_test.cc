#include "media/h264/h264_bit_reader.h"

#include <gtest/gtest.h>

#include <vector>

namespace softmcu {
namespace {

TEST(H264BitReader, ReadsBitsMsbFirst) {
  const std::vector<uint8_t> data = {0xa5, 0x0f};  // 1010 0101 0000 1111
  H264BitReader r(data);
  EXPECT_EQ(r.ReadBits(3), 0b101u);
  EXPECT_EQ(r.ReadFlag(), false);
  EXPECT_EQ(r.ReadBits(8), 0b01010000u);
  EXPECT_EQ(r.ReadBits(4), 0b1111u);
  EXPECT_TRUE(r.ok());
}

TEST(H264BitReader, ReadsExpGolombCodes) {
  // ue: 1 -> 0, 010 -> 1, 011 -> 2, 00100 -> 3, 00111 -> 6;  se: 010 -> +1, 011 -> -1
  // bits: 1 010 011 00100 00111 010 011 (+ padding 1s)
  const std::vector<uint8_t> data = {0b10100110, 0b01000011, 0b10100111};
  H264BitReader r(data);
  EXPECT_EQ(r.ReadUe(), 0u);
  EXPECT_EQ(r.ReadUe(), 1u);
  EXPECT_EQ(r.ReadUe(), 2u);
  EXPECT_EQ(r.ReadUe(), 3u);
  EXPECT_EQ(r.ReadUe(), 6u);
  EXPECT_EQ(r.ReadSe(), 1);
  EXPECT_EQ(r.ReadSe(), -1);
}

TEST(H264BitReader, SkipsEmulationPreventionByte) {
  // 00 00 03 01 in the NAL unit is 00 00 01 in the RBSP.
  const std::vector<uint8_t> data = {0x00, 0x00, 0x03, 0x01};
  H264BitReader r(data);
  EXPECT_EQ(r.ReadBits(24), 0x000001u);
  EXPECT_FALSE(r.ReadBits(1).has_value());
}

TEST(H264BitReader, KeepsThreeNotAfterTwoZeros) {
  const std::vector<uint8_t> data = {0x00, 0x03, 0x03};
  H264BitReader r(data);
  EXPECT_EQ(r.ReadBits(24), 0x000303u);
}

TEST(H264BitReader, ReadPastEndFailsAndStaysFailed) {
  const std::vector<uint8_t> data = {0xff};
  H264BitReader r(data);
  EXPECT_FALSE(r.ReadBits(9).has_value());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.ReadFlag().has_value());
}

TEST(H264BitReader, UeLongerThan32BitsFails) {
  // 40 leading zeros, then a one: codeNum >= 2^40 - 1.
  const std::vector<uint8_t> data = {0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xff, 0xff, 0xff, 0xff, 0xff};
  H264BitReader r(data);
  EXPECT_FALSE(r.ReadUe().has_value());
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace softmcu
