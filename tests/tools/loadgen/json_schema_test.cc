#include "tools/loadgen/json_schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tools/loadgen/run_report.h"

namespace softmcu::loadgen {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object", "required": ["n", "s"], "additionalProperties": false,
  "properties": {
    "n": {"type": "integer", "minimum": 0, "maximum": 10},
    "s": {"enum": ["a", "b"]},
    "x": {"type": ["number", "null"]},
    "list": {"type": "array", "items": {"$ref": "#/$defs/item"}}
  },
  "$defs": {"item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
})");

TEST(JsonSchema, AcceptsAConformingDocument) {
  EXPECT_TRUE(JsonSchema::Validate(kSchema, json::parse(R"({"n": 3, "s": "a", "x": null, "list": [{"id": "q"}]})")).empty());
  EXPECT_TRUE(JsonSchema::Validate(kSchema, json::parse(R"({"n": 3.0, "s": "b", "x": 2.5})")).empty());
}

TEST(JsonSchema, NamesEachViolationByItsPointer) {
  auto errors = JsonSchema::Validate(
      kSchema, json::parse(R"({"n": 11, "s": "c", "x": "no", "list": [{"id": 1}, {}], "extra": true})"));
  const std::string all = [&] {
    std::string s;
    for (const auto& e : errors) s += e + "\n";
    return s;
  }();
  EXPECT_NE(all.find("/n: 11 is above the maximum 10"), std::string::npos) << all;
  EXPECT_NE(all.find("/s: value \"c\" is not one of"), std::string::npos) << all;
  EXPECT_NE(all.find("/x: expected number or null, got string"), std::string::npos) << all;
  EXPECT_NE(all.find("/list/0/id: expected string, got integer"), std::string::npos) << all;
  EXPECT_NE(all.find("/list/1: missing required member \"id\""), std::string::npos) << all;
  EXPECT_NE(all.find("/extra: member not in the schema"), std::string::npos) << all;
}

TEST(JsonSchema, MissingMembersAndWrongTopLevelType) {
  EXPECT_EQ(JsonSchema::Validate(kSchema, json::parse(R"({"n": 1})")).size(), 1u);
  EXPECT_EQ(JsonSchema::Validate(kSchema, json::parse("[1, 2]")).front(), "/: expected object, got array");
}

TEST(JsonSchema, UnknownRefAndSelfReferenceAreReportedNotFollowedForever) {
  const json broken = json::parse(R"({"$ref": "#/$defs/missing"})");
  EXPECT_EQ(JsonSchema::Validate(broken, json(1)).size(), 1u);
  const json loop = json::parse(R"({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}})");
  EXPECT_EQ(JsonSchema::Validate(loop, json(1)).size(), 1u);
}

TEST(JsonSchema, StopsAfterTheErrorLimit) {
  json many = json::object({{"n", "x"}, {"s", 1}});
  for (int i = 0; i < 50; ++i) many["extra" + std::to_string(i)] = i;
  EXPECT_EQ(JsonSchema::Validate(kSchema, many, 5).size(), 5u);
}

// The report's schema is written twice, in the code and in docs/benchmarks.md: they must be
// the same schema.
TEST(ReportSchema, DocsShowTheSchemaTheCodeChecks) {
  std::ifstream in(std::string(SOFTMCU_SOURCE_DIR) + "/docs/benchmarks.md");
  ASSERT_TRUE(in) << "docs/benchmarks.md";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string marker = "<!-- loadgen-report-schema -->";
  const size_t at = doc.find(marker);
  ASSERT_NE(at, std::string::npos) << "docs/benchmarks.md lacks " << marker;
  const size_t open = doc.find("```json\n", at);
  const size_t close = doc.find("\n```", open + 8);
  ASSERT_TRUE(open != std::string::npos && close != std::string::npos);
  const json documented = json::parse(doc.substr(open + 8, close - open - 8), nullptr, false);
  ASSERT_FALSE(documented.is_discarded()) << "the documented schema is not JSON";
  EXPECT_EQ(documented, ReportSchema());
}

TEST(ReportSchema, AReportOfNoEndpointsWithFailuresConforms) {
  RunInfo info;
  info.version = "0.1.0";
  info.target = "sip:1000@10.0.0.1";
  info.mode = "dial";
  info.renditions = {{1280, 720, DataRate::KilobitsPerSec(1500)}};
  EndpointReport failed;
  failed.id = 0;
  failed.state = "failed";
  failed.sip_status = 503;
  failed.failure = "over capacity";
  EndpointReport idle;
  idle.id = 1;
  idle.state = "idle";
  const json report = RunReport::ToJson(info, {failed, idle});
  const auto errors = JsonSchema::Validate(ReportSchema(), report);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(report["join_failures"], 1);
  EXPECT_TRUE(report["video_latency_ms"]["p50"].is_null());
  const std::string table = RunReport::SummaryTable(report);
  EXPECT_NE(table.find("0 / 2"), std::string::npos) << table;
  EXPECT_NE(table.find("503 ×1"), std::string::npos) << table;
}

TEST(RunReport, AGeneratorThatFellBehindSaysSo) {
  RunInfo info;
  info.version = "0.1.0";
  info.target = "direct:reflect";
  info.mode = "dial";
  EndpointReport e;
  e.id = 0;
  e.state = "ended";
  e.join_ms = 12.0;
  e.late_video_frames = 7;
  json report = RunReport::ToJson(info, {e});
  EXPECT_TRUE(JsonSchema::Validate(ReportSchema(), report).empty());
  EXPECT_TRUE(report["generator"]["overloaded"].get<bool>());
  EXPECT_NE(RunReport::SummaryTable(report).find("WARNING"), std::string::npos);
  e.late_video_frames = 0;
  info.max_tick_gap_ms = 20;
  report = RunReport::ToJson(info, {e});
  EXPECT_FALSE(report["generator"]["overloaded"].get<bool>());
  EXPECT_EQ(RunReport::SummaryTable(report).find("WARNING"), std::string::npos);
  info.max_tick_gap_ms = 350;
  EXPECT_TRUE(RunReport::ToJson(info, {e})["generator"]["overloaded"].get<bool>());
}

}  // namespace
}  // namespace softmcu::loadgen
