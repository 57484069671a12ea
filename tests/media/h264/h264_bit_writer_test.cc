#include "media/h264/h264_bit_writer.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "media/h264/h264_bit_reader.h"

namespace softmcu {
namespace {

TEST(H264BitWriter, WritesBitsAndExpGolombThatTheReaderReadsBack) {
  std::array<uint8_t, 64> storage{};
  H264BitWriter w(storage);
  w.WriteBits(0b101, 3);
  w.WriteUe(0);
  w.WriteUe(1);
  w.WriteUe(6);
  w.WriteUe(4'000'000'000u);
  w.WriteSe(1);
  w.WriteSe(-1);
  w.WriteSe(-123456);
  w.WriteBits(0x123456789aULL, 40);
  w.WriteTrailingBits();
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w.byte_aligned());
  H264BitReader r(w.rbsp());
  EXPECT_EQ(r.ReadBits(3), 0b101u);
  EXPECT_EQ(r.ReadUe(), 0u);
  EXPECT_EQ(r.ReadUe(), 1u);
  EXPECT_EQ(r.ReadUe(), 6u);
  EXPECT_EQ(r.ReadUe(), 4'000'000'000u);
  EXPECT_EQ(r.ReadSe(), 1);
  EXPECT_EQ(r.ReadSe(), -1);
  EXPECT_EQ(r.ReadSe(), -123456);
  EXPECT_EQ(r.ReadBits(8), 0x12u);
  EXPECT_EQ(r.ReadBits(32), 0x3456789au);
  EXPECT_EQ(r.ReadFlag(), true);  // rbsp_stop_one_bit
  EXPECT_TRUE(r.ok());
}

TEST(H264BitWriter, ExpGolombCodesAreTheStandardOnes) {
  // §9.1 Table 9-2: 0 → 1, 1 → 010, 2 → 011, 3 → 00100; se 1 → 010, -1 → 011.
  std::array<uint8_t, 8> storage{};
  H264BitWriter w(storage);
  w.WriteUe(0);
  w.WriteUe(1);
  w.WriteUe(2);
  w.WriteUe(3);
  w.WriteSe(1);
  w.WriteSe(-1);
  EXPECT_EQ(w.bits_written(), 1u + 3 + 3 + 5 + 3 + 3);
  w.WriteTrailingBits();
  // 1 010 011 0 | 0100 010 0 | 11 1 00000
  EXPECT_EQ(std::vector<uint8_t>(w.rbsp().begin(), w.rbsp().end()), (std::vector<uint8_t>{0xa6, 0x44, 0xe0}));
}

TEST(H264BitWriter, OverflowIsReportedNotWritten) {
  std::array<uint8_t, 2> storage{};
  H264BitWriter w(storage);
  w.WriteBits(0xffff, 16);
  EXPECT_TRUE(w.ok());
  w.WriteBits(1, 8);
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.rbsp().size(), 2u);
}

TEST(H264BitWriter, NaluGetsStartCodeHeaderAndEmulationPrevention) {
  const std::vector<uint8_t> rbsp = {0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x03, 0x80};
  std::array<uint8_t, 32> out{};
  auto size = H264BitWriter::WriteNalu(0x65, rbsp, out, /*with_start_code=*/true);
  ASSERT_TRUE(size.has_value());
  const std::vector<uint8_t> expected = {0, 0, 0, 1, 0x65, 0x00, 0x00, 0x03, 0x01, 0x00,
                                         0x00, 0x03, 0x00, 0x00, 0x03, 0x03, 0x80};
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.begin() + static_cast<ptrdiff_t>(*size)), expected);
  // And the reader removes them again.
  H264BitReader r(std::span<const uint8_t>(out).subspan(5, *size - 5));
  for (uint8_t b : rbsp) EXPECT_EQ(r.ReadBits(8), b);
}

TEST(H264BitWriter, NaluThatDoesNotFitFails) {
  const std::vector<uint8_t> rbsp(10, 0x11);
  std::array<uint8_t, 12> out{};
  EXPECT_FALSE(H264BitWriter::WriteNalu(0x41, rbsp, out, true).has_value());
  EXPECT_TRUE(H264BitWriter::WriteNalu(0x41, rbsp, out, false).has_value());
}

TEST(H264BitReader, BitsReadCountsRbspBitsWithoutEmulationPrevention) {
  const std::vector<uint8_t> data = {0x00, 0x00, 0x03, 0x01, 0xff};
  H264BitReader r(data);
  EXPECT_EQ(r.bits_read(), 0u);
  r.ReadBits(20);
  EXPECT_EQ(r.bits_read(), 20u);
  r.ReadBits(12);
  EXPECT_EQ(r.bits_read(), 32u);  // the 0x03 does not count
}

}  // namespace
}  // namespace softmcu
