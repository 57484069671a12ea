#include "signaling/sdp/h264_profile_level_id.h"

#include <gtest/gtest.h>

namespace softmcu::sdp {
namespace {

struct ProfileCase {
  const char* text;
  H264Profile profile;
  H264Level level;
};

class H264ProfileLevelIdTable : public ::testing::TestWithParam<ProfileCase> {};

TEST_P(H264ProfileLevelIdTable, ClassifiesProfileAndLevel) {
  auto id = H264ProfileLevelId::Parse(GetParam().text);
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->profile(), GetParam().profile) << GetParam().text;
  EXPECT_EQ(id->level(), GetParam().level) << GetParam().text;
}

// RFC 6184 Table 5 and H.264 Table A-1.
INSTANTIATE_TEST_SUITE_P(
    Rfc6184, H264ProfileLevelIdTable,
    ::testing::Values(ProfileCase{"42e01f", H264Profile::kConstrainedBaseline, H264Level::k3_1},
                      ProfileCase{"42C01E", H264Profile::kConstrainedBaseline, H264Level::k3},
                      ProfileCase{"42401f", H264Profile::kConstrainedBaseline, H264Level::k3_1},
                      ProfileCase{"42001f", H264Profile::kBaseline, H264Level::k3_1},
                      ProfileCase{"428016", H264Profile::kBaseline, H264Level::k2_2},
                      ProfileCase{"42000a", H264Profile::kBaseline, H264Level::k1},
                      ProfileCase{"42f00b", H264Profile::kConstrainedBaseline, H264Level::k1b},
                      ProfileCase{"42e00b", H264Profile::kConstrainedBaseline, H264Level::k1_1},
                      ProfileCase{"4d801f", H264Profile::kConstrainedBaseline, H264Level::k3_1},
                      ProfileCase{"4d001f", H264Profile::kMain, H264Level::k3_1},
                      ProfileCase{"640c1f", H264Profile::kConstrainedHigh, H264Level::k3_1},
                      ProfileCase{"640032", H264Profile::kHigh, H264Level::k5}));

TEST(H264ProfileLevelId, RejectsWrongLengthNonHexAndUnknownLevel) {
  EXPECT_FALSE(H264ProfileLevelId::Parse("42e01").has_value());
  EXPECT_FALSE(H264ProfileLevelId::Parse("42e01fa").has_value());
  EXPECT_FALSE(H264ProfileLevelId::Parse("42g01f").has_value());
  EXPECT_FALSE(H264ProfileLevelId::Parse("42e0ff").has_value());
}

TEST(H264ProfileLevelId, WithLevelKeepsProfileBytes) {
  auto id = H264ProfileLevelId::Parse("428016")->WithLevel(H264Level::k2);
  EXPECT_EQ(id.ToString(), "428014");
  EXPECT_EQ(H264ProfileLevelId::Parse("42e01f")->WithLevel(H264Level::k1b).ToString(), "42f00b");
  EXPECT_EQ(H264ProfileLevelId::Parse("42f00b")->WithLevel(H264Level::k3).ToString(), "42e01e");
}

TEST(H264ProfileLevelId, MakeConstrainedBaseline) {
  EXPECT_EQ(H264ProfileLevelId::Make(H264Profile::kConstrainedBaseline, H264Level::k3_1).ToString(),
            "42e01f");
}

TEST(H264ProfileLevelId, LevelLimitsFollowTableA1) {
  EXPECT_EQ(LimitsOf(H264Level::k3_1).max_fs, 3600u);
  EXPECT_EQ(LimitsOf(H264Level::k3_1).max_mbps, 108000u);
  EXPECT_EQ(LimitsOf(H264Level::k1b).max_br_kbps, 128u);
  EXPECT_LT(H264Level::k1, H264Level::k1b);
  EXPECT_LT(H264Level::k1b, H264Level::k1_1);
}

}  // namespace
}  // namespace softmcu::sdp
