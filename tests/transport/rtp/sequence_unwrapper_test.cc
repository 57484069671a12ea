#include "transport/rtp/sequence_unwrapper.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

TEST(SequenceNumberUnwrapper, ContinuesAcrossWrap) {
  SequenceNumberUnwrapper u;
  EXPECT_EQ(u.Unwrap(65534), 65534);
  EXPECT_EQ(u.Unwrap(65535), 65535);
  EXPECT_EQ(u.Unwrap(0), 65536);
  EXPECT_EQ(u.Unwrap(1), 65537);
}

TEST(SequenceNumberUnwrapper, ReorderedPacketGoesBackNotForward) {
  SequenceNumberUnwrapper u;
  u.Unwrap(2);
  EXPECT_EQ(u.Unwrap(65535), -1);  // arrived late, from before the wrap
  EXPECT_EQ(u.Unwrap(3), 3);
}

TEST(RtpTimestampUnwrapper, ContinuesAcrossWrap) {
  RtpTimestampUnwrapper u;
  u.Unwrap(0xffffff00u);
  EXPECT_EQ(u.Unwrap(0x100), int64_t{0x100000100});
}

TEST(IsNewerSequenceNumber, UsesSerialArithmetic) {
  EXPECT_TRUE(IsNewerSequenceNumber(1, 65535));
  EXPECT_FALSE(IsNewerSequenceNumber(65535, 1));
  EXPECT_FALSE(IsNewerSequenceNumber(5, 5));
}

}  // namespace
}  // namespace softmcu
