#include "core/byte_io.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(ByteReader, ReadsBigEndianFields) {
  const uint8_t data[] = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde};
  ByteReader r(data);
  EXPECT_EQ(r.U8(), 0x12);
  EXPECT_EQ(r.U16(), 0x3456);
  EXPECT_EQ(r.U32(), 0x789abcdeu);
  EXPECT_EQ(r.remaining(), 0u);
  EXPECT_TRUE(r.ok());
}

TEST(ByteReader, ReadPastEndFailsAndStaysFailed) {
  const uint8_t data[] = {1, 2, 3};
  ByteReader r(data);
  EXPECT_FALSE(r.U32().has_value());
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.U8().has_value());  // even though a byte would fit
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ByteWriter, RefusesToOverflowItsBuffer) {
  uint8_t out[3];
  ByteWriter w(out);
  EXPECT_TRUE(w.U16(0xabcd));
  EXPECT_FALSE(w.U16(0x1234));
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(out[0], 0xab);
  EXPECT_EQ(out[1], 0xcd);
}

}  // namespace
}  // namespace softmcu
