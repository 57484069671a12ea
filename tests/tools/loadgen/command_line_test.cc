#include "tools/loadgen/command_line.h"

#include <gtest/gtest.h>

namespace softmcu::loadgen {
namespace {

TEST(CommandLine, ParsesRenditionLists) {
  auto r = ParseRenditions("1280x720@1500,640x360@600");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].width, 1280);
  EXPECT_EQ((*r)[0].height, 720);
  EXPECT_EQ((*r)[0].bitrate, DataRate::KilobitsPerSec(1500));
  EXPECT_EQ((*r)[1].bitrate, DataRate::KilobitsPerSec(600));
}

TEST(CommandLine, RefusesMalformedRenditions) {
  for (const char* bad : {"", "1280x720", "1280x720@", "1280x720@-5", "1280*720@500", "x720@500", "1280x720@1500,",
                          "320x100@100", "321x180@100", "1280x720@1,640x360@1,320x180@1,960x540@1,480x270@1"}) {
    auto r = ParseRenditions(bad);
    EXPECT_FALSE(r.has_value()) << "'" << bad << "'";
    if (!r) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

TEST(CommandLine, ParsesSizesAndSwitches) {
  EXPECT_EQ(ParseSize("640x360"), std::make_pair(640, 360));
  EXPECT_FALSE(ParseSize("640").has_value());
  EXPECT_FALSE(ParseSize("0x360").has_value());
  EXPECT_EQ(ParseSwitch("on"), true);
  EXPECT_EQ(ParseSwitch("off"), false);
  EXPECT_EQ(ParseSwitch("no"), false);
  EXPECT_FALSE(ParseSwitch("maybe").has_value());
}

}  // namespace
}  // namespace softmcu::loadgen
