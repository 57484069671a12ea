// Validation in one place per entity (control/model), and the pieces it is made of.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "control/api/messages.h"
#include "control/auth/password_policy.h"
#include "control/model/booking.h"
#include "control/model/cidr.h"
#include "control/model/iso_time.h"
#include "control/model/json_reader.h"
#include "control/model/point.h"
#include "control/model/room.h"
#include "control/model/text_rules.h"

namespace softmcu::control {
namespace {

using nlohmann::json;

TEST(Cidr, ParsesHostsAndNetworksOfBothFamilies) {
  EXPECT_EQ(Cidr::Parse("192.0.2.7")->ToString(), "192.0.2.7");
  EXPECT_EQ(Cidr::Parse("198.51.100.0/24")->ToString(), "198.51.100.0/24");
  EXPECT_EQ(Cidr::Parse("0.0.0.0/0")->prefix_length(), 0);
  EXPECT_EQ(Cidr::Parse("2001:db8::/32")->ToString(), "2001:db8::/32");
  EXPECT_EQ(Cidr::Parse("2001:DB8:0:0::1")->ToString(), "2001:db8::1");
  EXPECT_EQ(Cidr::Parse("::1")->family(), Cidr::Family::kIPv6);
}

TEST(Cidr, RejectsMalformedInputWithAReason) {
  CidrError error;
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "10.0.0.1/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/+8",
                          "10.0.0.0/08", "10.0.0.0/8/8", "2001:db8::/129", "host.example", "10.0.0.0 /8",
                          "1.2.3.4\n", ":::", "10.0.0.0/1000"}) {
    EXPECT_FALSE(Cidr::Parse(bad, &error)) << bad;
  }
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33", &error));
  EXPECT_EQ(error, CidrError::kBadPrefix);
  EXPECT_FALSE(Cidr::Parse("example", &error));
  EXPECT_EQ(error, CidrError::kBadAddress);
}

TEST(Cidr, HostBitsBelowThePrefixAreAnErrorThatSuggestsTheNetwork) {
  CidrError error;
  std::string suggestion;
  EXPECT_FALSE(Cidr::Parse("10.1.2.3/8", &error, &suggestion));
  EXPECT_EQ(error, CidrError::kHostBitsSet);
  EXPECT_EQ(suggestion, "10.0.0.0/8");
  EXPECT_FALSE(Cidr::Parse("2001:db8::1/64", &error, &suggestion));
  EXPECT_EQ(suggestion, "2001:db8::/64");
}

TEST(Cidr, ContainsMatchesOnlyItsFamilyAndPrefix) {
  auto net = *Cidr::Parse("10.20.0.0/15");
  EXPECT_TRUE(net.Contains("10.20.0.1"));
  EXPECT_TRUE(net.Contains("10.21.255.255"));
  EXPECT_FALSE(net.Contains("10.22.0.0"));
  EXPECT_FALSE(net.Contains("2001:db8::1"));
  EXPECT_FALSE(net.Contains("not an address"));
  // A dual-stack socket reports IPv4 peers as IPv4-mapped IPv6.
  EXPECT_TRUE(net.Contains("::ffff:10.20.3.4"));
  auto v6 = *Cidr::Parse("2001:db8:ab00::/40");
  EXPECT_TRUE(v6.Contains("2001:db8:abff::1"));
  EXPECT_FALSE(v6.Contains("2001:db8:ac00::1"));
  EXPECT_TRUE(Cidr::Parse("0.0.0.0/0")->Contains("203.0.113.5"));
}

TEST(IsoTime, ParsesZonesFractionsAndDates) {
  EXPECT_EQ(*ParseIsoTime("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(*ParseIsoTime("2027-01-04T08:00:00+07:00"), *ParseIsoTime("2027-01-04T01:00:00Z"));
  EXPECT_EQ(*ParseIsoTime("2027-01-04T01:00:00.750Z"), *ParseIsoTime("2027-01-04T01:00:00Z"));
  EXPECT_EQ(*ParseIsoTime("2027-01-04"), *ParseIsoTime("2027-01-04T00:00:00Z"));
  EXPECT_EQ(*ParseIsoTime("2028-02-29T12:00:00-05:30"), *ParseIsoTime("2028-02-29T17:30:00Z"));
}

TEST(IsoTime, RejectsImpossibleAndSloppyTimes) {
  for (const char* bad : {"", "2027-02-29T00:00:00Z", "2027-13-01", "2027-01-32", "2027-1-4", "2027-01-04T08:00:00",
                          "2027-01-04T24:00:00Z", "2027-01-04T08:00Z", "2027-01-04T08:00:00+7:00",
                          "2027-01-04T08:00:00Zjunk", "1969-12-31T23:59:59Z", "2027-01-04 08:00:00Z",
                          "2027-01-04T08:00:00.Z"}) {
    EXPECT_FALSE(ParseIsoTime(bad)) << bad;
  }
}

TEST(IsoTime, FormatsUtcAndRoundTrips) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  const int64_t t = *ParseIsoTime("2027-12-31T23:59:59Z");
  EXPECT_EQ(FormatIsoTime(t), "2027-12-31T23:59:59Z");
  EXPECT_EQ(*ParseIsoTime(FormatIsoTime(t + 1)), t + 1);
}

TEST(TextRules, Utf8AndControlCharacters) {
  EXPECT_TRUE(IsValidUtf8("UBND huyện Triệu Sơn"));
  EXPECT_EQ(Utf8Length("Sơn"), 3u);
  EXPECT_FALSE(IsValidUtf8("\xc3"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));
  EXPECT_TRUE(IsCleanText("line one\nline two", TextKind::kMultiline));
  EXPECT_FALSE(IsCleanText("line one\nline two", TextKind::kLine));
  EXPECT_FALSE(IsCleanText(std::string("nul\0byte", 8), TextKind::kMultiline));
  EXPECT_FALSE(IsCleanText("\xc2\x85", TextKind::kLine));  // C1 NEL
}

TEST(TextRules, PhoneNumbers) {
  EXPECT_TRUE(IsValidPhone("+84 912 345 678"));
  EXPECT_TRUE(IsValidPhone("(0207) 3822.123"));
  EXPECT_FALSE(IsValidPhone("12"));
  EXPECT_FALSE(IsValidPhone("09+12345"));
  EXPECT_FALSE(IsValidPhone("call me"));
  EXPECT_FALSE(IsValidPhone("123456789012345678901"));
}

TEST(JsonBody, MalformedJsonNamesTheOffset) {
  auto r = ParseJsonBody(R"({"name": "x",})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(r.error().code, "request.malformed_json");
  EXPECT_FALSE(r.error().Arg("offset").empty());
  EXPECT_EQ(ParseJsonBody("[1,2]").error().code, "request.not_object");
  EXPECT_EQ(ParseJsonBody(std::string(100, '[') + std::string(100, ']')).error().code, "request.too_deep");
  EXPECT_EQ(ParseJsonBody("").error().code, "request.malformed_json");
  EXPECT_EQ(ParseJsonBody("{\"a\": \"\xff\"}").error().code, "request.malformed_json");
  EXPECT_TRUE(ParseJsonBody(R"({"s": "[[[[[[[[[[[[[[[[[[[[["})"));  // brackets in strings do not count
}

TEST(JsonReader, FirstErrorNamesTheFieldAndUnknownKeysAreRefused) {
  json body = {{"name", 5}, {"other", true}};
  JsonReader r(body);
  r.Text("name", Presence::kRequired, 10);
  r.Text("missing", Presence::kRequired, 10);
  auto done = r.Finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, "field.type");
  EXPECT_EQ(done.error().field, "name");

  json extra = {{"name", "ok"}, {"nmae", "typo"}};
  JsonReader r2(extra);
  EXPECT_EQ(*r2.Text("name", Presence::kRequired, 10), "ok");
  EXPECT_EQ(r2.Finish().error().code, "field.unknown");
  EXPECT_EQ(JsonReader(extra).Finish().error().field, "name");
}

TEST(JsonReader, IntegersAndRanges) {
  json body = {{"a", 3.0}, {"b", 3.5}, {"c", 99}, {"d", -1}};
  JsonReader r(body);
  EXPECT_EQ(*r.Integer("a", Presence::kRequired, 0, 10), 3);
  EXPECT_FALSE(r.Integer("b", Presence::kRequired, 0, 10));
  EXPECT_EQ(r.Finish().error().code, "field.type");
  JsonReader r2(body);
  r2.Value("a", Presence::kOptional);
  r2.Value("b", Presence::kOptional);
  r2.Value("d", Presence::kOptional);
  EXPECT_FALSE(r2.Integer("c", Presence::kRequired, 0, 10));
  auto e = r2.Finish().error();
  EXPECT_EQ(e.code, "field.range");
  EXPECT_EQ(e.Arg("max"), "10");
}

json GoodPoint() {
  return {{"name", "UBND huyện Triệu Sơn"},
          {"sip_uri", "sip:trieuson@10.1.2.3"},
          {"tier", "district"},
          {"bandwidth_mbps", 2.5},
          {"allowed_sources", {"10.1.2.0/24", "2001:db8::/48", "10.1.2.0/24"}},
          {"contacts", {{{"name", "Lê Văn An"}, {"phone", "+84 912 345 678"}}}}};
}

TEST(PointValidation, AcceptsAGoodPointAndCanonicalisesSources) {
  std::vector<ControlError> warnings;
  auto p = PointFromJson(GoodPoint(), &warnings);
  ASSERT_TRUE(p) << p.error().code << " " << p.error().field;
  EXPECT_EQ(p->bandwidth_kbps, 2500);
  EXPECT_EQ(p->tier, Tier::kDistrict);
  EXPECT_EQ(p->allowed_sources, (std::vector<std::string>{"10.1.2.0/24", "2001:db8::/48"}));
  EXPECT_TRUE(warnings.empty());
  EXPECT_TRUE(p->AllowsSource("10.1.2.99"));
  EXPECT_FALSE(p->AllowsSource("10.1.3.1"));
}

TEST(PointValidation, EachBadFieldIsNamed) {
  struct Case {
    const char* key;
    json value;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"sip_uri", "http://x", "point.sip_uri_invalid", "sip_uri"},
      {"sip_uri", "sip:user:secret@host", "point.sip_uri_invalid", "sip_uri"},
      {"allowed_sources", json::array({"10.0.0.0/8", "10.0.0.300"}), "point.cidr_invalid", "allowed_sources[1]"},
      {"allowed_sources", json::array({"10.1.2.3/16"}), "point.cidr_host_bits", "allowed_sources[0]"},
      {"allowed_sources", json::array({7}), "field.type", "allowed_sources[0]"},
      {"bandwidth_mbps", 0.05, "point.bandwidth_range", "bandwidth_mbps"},
      {"bandwidth_mbps", 20.5, "point.bandwidth_range", "bandwidth_mbps"},
      {"bandwidth_mbps", "2", "field.type", "bandwidth_mbps"},
      {"tier", "village", "point.tier_invalid", "tier"},
      {"contacts", json::array({{{"name", "A"}, {"phone", "abc"}}}), "point.phone_invalid", "contacts[0].phone"},
      {"contacts", json::array({{{"name", "A"}}}), "field.required", "contacts[0].phone"},
      {"name", "", "field.empty", "name"},
      {"name", std::string(101, 'x'), "field.too_long", "name"},
      {"name", "tab\there", "field.text", "name"},
  };
  for (const auto& c : cases) {
    json body = GoodPoint();
    body[c.key] = c.value;
    auto p = PointFromJson(body, nullptr);
    ASSERT_FALSE(p) << c.key;
    EXPECT_EQ(p.error().code, c.code) << c.key;
    EXPECT_EQ(p.error().field, c.field) << c.key;
    EXPECT_EQ(p.error().kind, ErrorKind::kValidation);
  }
}

TEST(PointValidation, BandwidthOutsideTheNormalRangeIsAWarning) {
  json body = GoodPoint();
  body["bandwidth_mbps"] = 8;
  std::vector<ControlError> warnings;
  ASSERT_TRUE(PointFromJson(body, &warnings));
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "point.bandwidth_unusual");
  body["bandwidth_mbps"] = 0.1;  // the boundaries are inside
  EXPECT_TRUE(PointFromJson(body, nullptr));
  body["bandwidth_mbps"] = 20;
  EXPECT_TRUE(PointFromJson(body, nullptr));
}

TEST(RoomValidation, ChairIsAlwaysAMemberAndTilesFitTheLayout) {
  json body = {{"number", "1000"}, {"name", "Phòng họp tỉnh"}, {"chair_point", 1}, {"layout", "2x2"},
               {"members", {{{"point", 2}, {"tile", 3}}}}};
  auto room = RoomFromJson(body, "");
  ASSERT_TRUE(room) << room.error().code;
  ASSERT_EQ(room->members.size(), 2u);
  EXPECT_EQ(room->members[0].point_id, 1);
  body["members"] = {{{"point", 2}, {"tile", 4}}};
  auto bad = RoomFromJson(body, "");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "room.tile_invalid");
  EXPECT_EQ(bad.error().field, "members[0].tile");
  EXPECT_EQ(bad.error().Arg("max"), "3");
}

TEST(RoomValidation, RulesNameTheirFields) {
  const json base = {{"number", "1000"}, {"name", "Phòng họp"}};
  struct Case {
    const char* key;
    json value;
    const char* code;
  };
  const Case cases[] = {
      {"number", "10a0", "room.number_invalid"},
      {"mode", "anarchy", "room.mode_invalid"},
      {"pin", "12", "room.pin_invalid"},
      {"layout", "7x7", "room.layout_invalid"},
      {"layout", json{{"name", "x"}, {"tiles", json::array({{{"x", 0}, {"y", 0}, {"w", 2}, {"h", 1}}})}},
       "room.layout_invalid"},
      {"layout", 5, "field.type"},
      {"members", json::array({{{"point", 2}}, {{"point", 2}}}), "room.member_duplicate"},
      {"members", json::array({{{"point", 2}, {"tile", 0}}, {{"point", 3}, {"tile", 0}}}), "room.tile_taken"},
  };
  for (const auto& c : cases) {
    json body = base;
    body[c.key] = c.value;
    auto room = RoomFromJson(body, "");
    ASSERT_FALSE(room) << c.key;
    EXPECT_EQ(room.error().code, c.code) << c.key;
  }
  EXPECT_EQ(RoomFromJson({{"number", "2000"}, {"name", "x"}}, "1000").error().code, "room.number_mismatch");
}

TEST(RoomValidation, OperatorLayoutJsonIsStoredCompact) {
  json body = {{"number", "1"}, {"name", "x"},
               {"layout", {{"name", "two"}, {"tiles", {{{"x", 0}, {"y", 0}, {"w", 0.5}, {"h", 1}, {"main", true}},
                                                       {{"x", 0.5}, {"y", 0}, {"w", 0.5}, {"h", 1}}}}}}};
  auto room = RoomFromJson(body, "");
  ASSERT_TRUE(room) << room.error().Arg("reason");
  EXPECT_EQ(room->layout.front(), '{');
  EXPECT_TRUE(LayoutValue(room->layout).is_object());
}

json GoodBooking() {
  return {{"title", "Họp phòng chống bão"}, {"host_org", "UBND tỉnh"}, {"room", "1000"},
          {"start", "2027-01-05T08:00:00+07:00"}, {"end", "2027-01-05T10:00:00+07:00"},
          {"test_start", "2027-01-05T07:00:00+07:00"}, {"points", {1, 2}}};
}

TEST(BookingValidation, TimesAndPoints) {
  ASSERT_TRUE(BookingFromJson(GoodBooking()));
  struct Case {
    const char* key;
    json value;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"end", "2027-01-05T07:59:00+07:00", "booking.end_before_start", "end"},
      {"end", "2027-01-06T10:00:00+07:00", "booking.too_long", "end"},
      {"test_start", "2027-01-05T09:00:00+07:00", "booking.test_after_start", "test_start"},
      {"test_start", "2026-12-01T09:00:00+07:00", "booking.test_too_early", "test_start"},
      {"start", "tomorrow 8am", "booking.time_invalid", "start"},
      {"points", json::array(), "booking.no_points", "points"},
      {"points", json::array({1, 1}), "booking.point_duplicate", "points[1]"},
      {"points", json::array({"1"}), "field.type", "points[0]"},
      {"room", "x", "room.number_invalid", "room"},
  };
  for (const auto& c : cases) {
    json body = GoodBooking();
    body[c.key] = c.value;
    auto b = BookingFromJson(body);
    ASSERT_FALSE(b) << c.key;
    EXPECT_EQ(b.error().code, c.code) << c.key;
    EXPECT_EQ(b.error().field, c.field) << c.key;
  }
}

TEST(PasswordPolicy, EachRuleIsRefusedWithItsOwnCode) {
  PasswordPolicy policy;
  EXPECT_TRUE(policy.Check("Quan-tri#2027", "admin"));
  EXPECT_EQ(policy.Check("Ab1#", "u").error().code, "password.too_short");
  EXPECT_EQ(policy.Check("Abcdefg#", "u").error().code, "password.no_digit");
  EXPECT_EQ(policy.Check("ABCDEF1#", "u").error().code, "password.no_lower");
  EXPECT_EQ(policy.Check("abcdef1#", "u").error().code, "password.no_upper");
  EXPECT_EQ(policy.Check("Abcdef12", "u").error().code, "password.no_special");
  EXPECT_EQ(policy.Check("xOperator#1", "operator").error().code, "password.contains_user");
  EXPECT_EQ(policy.Check(std::string(129, 'a') + "A1#", "u").error().code, "password.too_long");
  EXPECT_EQ(policy.Check("Mật-khẩu1A", "u").has_value(), true);  // non-ASCII counts as special
  EXPECT_EQ(policy.Check("Abcdefg#", "u").error().field, "password");
}

TEST(PasswordPolicy, ExpiresAfter180Days) {
  PasswordPolicy policy;
  EXPECT_FALSE(policy.Expired(0, 179 * 86400));
  EXPECT_TRUE(policy.Expired(0, 180 * 86400));
}

TEST(Messages, LanguageChoiceFollowsQueryThenCookieThenHeader) {
  EXPECT_EQ(PickLanguage("", "", ""), Lang::kVi);
  EXPECT_EQ(PickLanguage("en", "vi", "vi"), Lang::kEn);
  EXPECT_EQ(PickLanguage("", "en", "vi"), Lang::kEn);
  EXPECT_EQ(PickLanguage("", "", "en-US,en;q=0.9"), Lang::kEn);
  EXPECT_EQ(PickLanguage("", "", "fr, en;q=0.4, vi;q=0.8"), Lang::kVi);
  EXPECT_EQ(PickLanguage("xx", "", "de"), Lang::kVi);
}

TEST(Messages, EveryCodeHasASentenceInBothLanguagesWithItsValues) {
  ControlError e{ErrorKind::kValidation, "password.too_short", "password", {{"min", "8"}}};
  EXPECT_EQ(RenderMessage(e, Lang::kEn), "The password must have at least 8 characters.");
  EXPECT_EQ(RenderMessage(e, Lang::kVi), "Mật khẩu phải có ít nhất 8 ký tự.");
  ControlError f{ErrorKind::kValidation, "field.required", "sip_uri", {}};
  EXPECT_NE(RenderMessage(f, Lang::kEn).find("sip_uri"), std::string::npos);
  for (const char* code : {"request.malformed_json", "field.unknown", "auth.csrf", "auth.forbidden",
                           "point.cidr_invalid", "point.bandwidth_range", "booking.point_conflict",
                           "booking.bandwidth_exceeded", "live.unknown_participant", "password.reused",
                           "store.error", "internal.error", "route.not_found", "events.too_many"}) {
    EXPECT_TRUE(HasMessage(code)) << code;
  }
  ControlError unknown{ErrorKind::kConflict, "brand.new_code", "", {}};
  EXPECT_FALSE(RenderMessage(unknown, Lang::kEn).empty());
}

}  // namespace
}  // namespace softmcu::control
