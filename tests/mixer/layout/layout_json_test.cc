#include "mixer/layout/layout_json.h"

#include <gtest/gtest.h>

#include "mixer/layout/builtin_layouts.h"

namespace softmcu {
namespace {

TEST(LayoutJson, ParsesTheDocumentedExample) {
  auto layout = ParseLayoutJson(R"({"name":"delegations","tiles":[
      {"x":0,"y":0,"w":0.5,"h":0.5,"main":true},
      {"x":0.5,"y":0,"w":0.5,"h":0.5},
      {"x":0.7,"y":0.7,"w":0.25,"h":0.25,"overlay":true}]})");
  ASSERT_TRUE(layout.has_value()) << layout.error().message;
  EXPECT_EQ(layout->name(), "delegations");
  ASSERT_EQ(layout->tile_count(), 3u);
  EXPECT_EQ(layout->tile(0), (LayoutTile{.x = 0, .y = 0, .w = 5000, .h = 5000, .main = true}));
  EXPECT_EQ(layout->tile(2),
            (LayoutTile{.x = 7000, .y = 7000, .w = 2500, .h = 2500, .z = 1, .overlay = true}));
  EXPECT_EQ(layout->main_tile(), 0u);
}

TEST(LayoutJson, EveryBuiltInRoundTripsToAnEqualLayout) {
  for (std::string_view name : BuiltInLayoutNames()) {
    const Layout layout = *BuiltInLayout(name);
    auto back = ParseLayoutJson(LayoutToJson(layout));
    ASSERT_TRUE(back.has_value()) << name << ": " << back.error().message;
    EXPECT_EQ(*back, layout) << name;
    EXPECT_EQ(LayoutToJson(*back), LayoutToJson(layout)) << name;
  }
}

TEST(LayoutJson, ExplicitZRoundTrips) {
  auto layout =
      Layout::Create("z", {LayoutTile{.w = 10000, .h = 10000, .z = 3},
                           LayoutTile{.x = 100, .y = 100, .w = 2000, .h = 2000, .z = 7, .overlay = true}});
  ASSERT_TRUE(layout.has_value());
  auto back = ParseLayoutJson(LayoutToJson(*layout));
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, *layout);
}

TEST(LayoutJson, FitDefaultsToLetterboxAndCropRoundTrips) {
  auto layout = ParseLayoutJson(R"({"name":"f","tiles":[{"x":0,"y":0,"w":0.5,"h":1,"fit":"crop"},
      {"x":0.5,"y":0,"w":0.5,"h":1}]})");
  ASSERT_TRUE(layout.has_value()) << layout.error().message;
  EXPECT_EQ(layout->tile(0).fit, TileFit::kCrop);
  EXPECT_EQ(layout->tile(1).fit, TileFit::kLetterbox);
  const std::string json = LayoutToJson(*layout);
  EXPECT_NE(json.find(R"("fit":"crop")"), std::string::npos) << json;
  EXPECT_EQ(json.find("letterbox"), std::string::npos) << json;  // the default is left out
  auto back = ParseLayoutJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_EQ(*back, *layout);
}

TEST(LayoutJson, ThirdsQuantiseToTheGrid) {
  auto layout = ParseLayoutJson(R"({"name":"t","tiles":[{"x":0.333333,"y":0,"w":0.3333334,"h":1}]})");
  ASSERT_TRUE(layout.has_value()) << layout.error().message;
  EXPECT_EQ(layout->tile(0).x, 3333);
  EXPECT_EQ(layout->tile(0).w, 3333);
}

struct BadJsonCase {
  const char* name;
  const char* json;
  const char* message_part;
};

TEST(LayoutJson, RejectsBadDocumentsNamingTheTile) {
  const BadJsonCase cases[] = {
      {"malformed", R"({"name":"x","tiles":[)", "malformed JSON"},
      {"not an object", R"([1,2])", "must be a JSON object"},
      {"no name", R"({"tiles":[{"x":0,"y":0,"w":1,"h":1}]})", "\"name\" must be a string"},
      {"name not a string", R"({"name":5,"tiles":[]})", "\"name\" must be a string"},
      {"tiles not an array", R"({"name":"x","tiles":{}})", "\"tiles\" must be an array"},
      {"unknown top-level key", R"({"name":"x","tiles":[],"tilez":1})", "unknown key \"tilez\""},
      {"tile not an object", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1},7]})",
       "tile 1: must be an object"},
      {"missing w", R"({"name":"x","tiles":[{"x":0,"y":0,"h":1}]})", "tile 0: \"w\" is missing"},
      {"string x", R"({"name":"x","tiles":[{"x":"0","y":0,"w":1,"h":1}]})", "tile 0: \"x\" must be a number"},
      {"x below 0", R"({"name":"x","tiles":[{"x":-0.1,"y":0,"w":0.5,"h":1}]})", "tile 0: \"x\" = -0.1"},
      {"w above 1", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1.5,"h":1}]})", "tile 0: \"w\" = 1.5"},
      {"x + w above 1", R"({"name":"x","tiles":[{"x":0,"y":0,"w":0.5,"h":1},{"x":0.6,"y":0,"w":0.5,"h":1}]})",
       "tile 1: x + w"},
      {"zero height", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":0}]})", "tile 0: size"},
      {"overlap", R"({"name":"x","tiles":[{"x":0,"y":0,"w":0.6,"h":1},{"x":0.5,"y":0,"w":0.5,"h":1}]})",
       "tile 1: overlaps tile 0"},
      {"main not a bool", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"main":1}]})",
       "tile 0: \"main\" must be true or false"},
      {"overlay not a bool", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"overlay":"yes"}]})",
       "tile 0: \"overlay\" must be true or false"},
      {"z not an integer", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"z":1.5}]})",
       "tile 0: \"z\" must be an integer"},
      {"z out of range", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"z":1000}]})", "tile 0: z = 1000"},
      {"misspelt key", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"mian":true}]})",
       "tile 0: unknown key \"mian\""},
      {"two mains",
       R"({"name":"x","tiles":[{"x":0,"y":0,"w":0.5,"h":1,"main":true},{"x":0.5,"y":0,"w":0.5,"h":1,"main":true}]})",
       "tile 1: a second main tile"},
      {"no tiles", R"({"name":"x","tiles":[]})", "no tiles"},
      {"unknown fit", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"fit":"stretch"}]})",
       "tile 0: \"fit\" must be \"letterbox\" or \"crop\""},
      {"fit not a string", R"({"name":"x","tiles":[{"x":0,"y":0,"w":1,"h":1,"fit":true}]})",
       "tile 0: \"fit\" must be"},
      {"huge number", R"({"name":"x","tiles":[{"x":1e400,"y":0,"w":1,"h":1}]})", "malformed JSON"},
  };
  for (const auto& c : cases) {
    auto layout = ParseLayoutJson(c.json);
    ASSERT_FALSE(layout.has_value()) << c.name;
    EXPECT_NE(layout.error().message.find(c.message_part), std::string::npos)
        << c.name << ": " << layout.error().message;
  }
}

TEST(LayoutJson, RejectsTooManyTilesNamingTheFirstExtraOne) {
  std::string json = R"({"name":"x","tiles":[)";
  for (int i = 0; i < 26; ++i) json += std::string(i ? "," : "") + R"({"x":0,"y":0,"w":0.1,"h":0.1})";
  json += "]}";
  auto layout = ParseLayoutJson(json);
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().code, ErrorCode::kOutOfRange);
  EXPECT_NE(layout.error().message.find("tile 25: too many tiles"), std::string::npos)
      << layout.error().message;
}

TEST(LayoutJson, RejectsOversizedDocumentBeforeParsing) {
  auto layout = ParseLayoutJson(std::string(kMaxLayoutJsonBytes + 1, ' '));
  ASSERT_FALSE(layout.has_value());
  EXPECT_EQ(layout.error().code, ErrorCode::kOutOfRange);
}

TEST(LayoutJson, NameWithInvalidUtf8SerialisesWithoutThrowing) {
  auto layout = Layout::Create("bad\xff", {LayoutTile{.w = 10000, .h = 10000}});
  ASSERT_TRUE(layout.has_value());
  auto back = ParseLayoutJson(LayoutToJson(*layout));
  EXPECT_TRUE(back.has_value());
}

}  // namespace
}  // namespace softmcu
