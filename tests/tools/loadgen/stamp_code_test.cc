#include "tools/loadgen/stamp_code.h"

#include <gtest/gtest.h>

namespace softmcu::loadgen {
namespace {

TEST(StampCode, RoundTripsEveryField) {
  for (uint32_t id : {0u, 1u, 499u, 4095u}) {
    for (uint32_t seq : {0u, 1u, 8191u, 16383u}) {
      for (uint32_t rendition : {0u, 3u}) {
        const VideoStamp stamp{id, seq, rendition};
        auto decoded = StampCode::Decode(StampCode::Encode(stamp));
        ASSERT_TRUE(decoded.has_value()) << id << " " << seq;
        EXPECT_EQ(*decoded, stamp);
      }
    }
  }
}

TEST(StampCode, FieldsWrapModuloTheirRanges) {
  auto decoded = StampCode::Decode(StampCode::Encode({4096 + 7, 16384 + 5, 4 + 1}));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, (VideoStamp{7, 5, 1}));
}

TEST(StampCode, CornersAreSyncCells) {
  const uint64_t cells = StampCode::Encode({0, 0, 0});
  EXPECT_EQ(cells & 1u, 1u);                      // row 0, column 0: white
  EXPECT_EQ((cells >> 19) & 1u, 0u);              // row 0, column 19: black
  EXPECT_EQ((cells >> 20) & 1u, 0u);              // row 1, column 0: black
  EXPECT_EQ((cells >> 39) & 1u, 1u);              // row 1, column 19: white
}

TEST(StampCode, DecodeFailsForAllBlackAndAllWhite) {
  EXPECT_FALSE(StampCode::Decode(0).has_value());
  EXPECT_FALSE(StampCode::Decode((uint64_t{1} << 40) - 1).has_value());
}

TEST(StampCode, DecodeFailsWhenASyncCellFlips) {
  const uint64_t cells = StampCode::Encode({12, 34, 1});
  for (int sync : StampCode::kSyncCells) {
    EXPECT_FALSE(StampCode::Decode(cells ^ (uint64_t{1} << sync)).has_value()) << sync;
  }
}

TEST(StampCode, CrcCatchesEverySingleAndDoubleCellError) {
  const uint64_t cells = StampCode::Encode({321, 12345, 2});
  for (int i = 0; i < StampCode::kCells; ++i) {
    EXPECT_FALSE(StampCode::Decode(cells ^ (uint64_t{1} << i)).has_value()) << i;
    for (int j = i + 1; j < StampCode::kCells; ++j) {
      EXPECT_FALSE(StampCode::Decode(cells ^ (uint64_t{1} << i) ^ (uint64_t{1} << j)).has_value()) << i << "," << j;
    }
  }
}

TEST(StampCode, CrcCatchesEveryTripleCellError) {
  const uint64_t cells = StampCode::Encode({77, 4242, 0});
  int undetected = 0;
  for (int i = 0; i < StampCode::kCells; ++i)
    for (int j = i + 1; j < StampCode::kCells; ++j)
      for (int k = j + 1; k < StampCode::kCells; ++k) {
        const uint64_t bad = cells ^ (uint64_t{1} << i) ^ (uint64_t{1} << j) ^ (uint64_t{1} << k);
        if (StampCode::Decode(bad).has_value()) ++undetected;
      }
  EXPECT_EQ(undetected, 0);
}

}  // namespace
}  // namespace softmcu::loadgen
