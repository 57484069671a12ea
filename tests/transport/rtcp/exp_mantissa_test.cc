#include "transport/rtcp/exp_mantissa.h"

#include <gtest/gtest.h>

namespace softmcu::rtcp {
namespace {

TEST(RtcpExpMantissa, EncodesSmallValueWithZeroExponent) {
  EXPECT_EQ(EncodeExpMantissa(131071, 17), (ExpMantissa{0, 131071}));
}

TEST(RtcpExpMantissa, EncodesWithSmallestExponent) {
  EXPECT_EQ(EncodeExpMantissa(1'000'000, 17), (ExpMantissa{3, 125000}));
  EXPECT_EQ(EncodeExpMantissa(2'500'000, 18), (ExpMantissa{4, 156250}));
}

TEST(RtcpExpMantissa, EncodeRoundsDown) {
  // 1'000'001 >> 3 = 125000: the odd bit is lost, the request never grows.
  EXPECT_EQ(EncodeExpMantissa(1'000'001, 17), (ExpMantissa{3, 125000}));
}

TEST(RtcpExpMantissa, DecodeOfEncodedValueIsExact) {
  for (uint64_t value : {0ull, 1ull, 131072ull, 999'999'999ull, (1ull << 62) + (1ull << 46)}) {
    const ExpMantissa encoded = EncodeExpMantissa(value, 17);
    const auto decoded = DecodeExpMantissa(encoded.exponent, encoded.mantissa);
    ASSERT_TRUE(decoded.has_value());
    EXPECT_EQ(EncodeExpMantissa(static_cast<uint64_t>(*decoded), 17), encoded);
  }
}

TEST(RtcpExpMantissa, DecodeFailsPastSixtyThreeBits) {
  EXPECT_FALSE(DecodeExpMantissa(63, 1).has_value());
  EXPECT_FALSE(DecodeExpMantissa(47, 0x1ffff).has_value());
  EXPECT_EQ(DecodeExpMantissa(46, 0x1ffff), int64_t{0x1ffff} << 46);
}

TEST(RtcpExpMantissa, DecodeOfZeroMantissaIsZeroForAnyExponent) {
  EXPECT_EQ(DecodeExpMantissa(63, 0), 0);
}

}  // namespace
}  // namespace softmcu::rtcp
