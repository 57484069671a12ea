// The HTTP API over loopback: bridge points and rooms, with their bad input.
#include <gtest/gtest.h>

#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

using nlohmann::json;

json PointBody(const std::string& name, const std::string& uri) {
  return {{"name", name},
          {"sip_uri", uri},
          {"tier", "district"},
          {"bandwidth_mbps", 3},
          {"allowed_sources", {"10.1.2.0/24"}},
          {"contacts", {{{"name", "Lê Văn An"}, {"phone", "+84 912 345 678"}}}},
          {"organisation", "UBND huyện Triệu Sơn"}};
}

TEST_F(ApiTest, PointsAreCreatedReadUpdatedAndDeleted) {
  Reply created = Post("/api/v1/points", PointBody("UBND huyện Triệu Sơn", "sip:trieuson@10.1.2.3"), operator_);
  ASSERT_EQ(created.status, 201) << created.body;
  const int64_t id = created.json["id"];
  EXPECT_EQ(created.json["bandwidth_mbps"], 3.0);
  EXPECT_EQ(created.json["warnings"].size(), 0u);
  Reply read = Get("/api/v1/points/" + std::to_string(id), viewer_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json["contacts"][0]["phone"], "+84 912 345 678");
  json changed = read.json;  // a GET body can be sent back as it is, edited
  changed["bandwidth_mbps"] = 4;
  changed["allowed_sources"] = {"10.1.2.0/24", "2001:db8:12::/48"};
  Reply updated = Put("/api/v1/points/" + std::to_string(id), changed, operator_);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json["allowed_sources"].size(), 2u);
  EXPECT_EQ(Get("/api/v1/points", viewer_).json.size(), 1u);
  EXPECT_EQ(Delete("/api/v1/points/" + std::to_string(id), operator_).status, 204);
  EXPECT_EQ(Get("/api/v1/points/" + std::to_string(id), viewer_).status, 404);
  EXPECT_EQ(AuditOf("point.create").size(), 1u);
  EXPECT_EQ(AuditOf("point.update").size(), 1u);
  auto deleted = AuditOf("point.delete");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].user, "operator");
  EXPECT_EQ(deleted[0].source, "127.0.0.1");
  EXPECT_EQ(deleted[0].target, "point " + std::to_string(id));
  EXPECT_EQ(deleted[0].result, AuditResult::kOk);
}

TEST_F(ApiTest, BadPointsAreRefusedNamingTheFieldAndNothingIsStored) {
  struct Case {
    const char* key;
    json value;
    int status;
    const char* code;
    const char* field;
  };
  const Case cases[] = {
      {"allowed_sources", json::array({"10.1.2.0/24", "10.1.2.300/24"}), 422, "point.cidr_invalid", "allowed_sources[1]"},
      {"allowed_sources", json::array({"10.1.2.3/24"}), 422, "point.cidr_host_bits", "allowed_sources[0]"},
      {"allowed_sources", json::array({"2001:db8::/200"}), 422, "point.cidr_invalid", "allowed_sources[0]"},
      {"bandwidth_mbps", 0.09, 422, "point.bandwidth_range", "bandwidth_mbps"},
      {"bandwidth_mbps", 20.01, 422, "point.bandwidth_range", "bandwidth_mbps"},
      {"bandwidth_mbps", -3, 422, "point.bandwidth_range", "bandwidth_mbps"},
      {"sip_uri", "trieuson@10.1.2.3", 422, "point.sip_uri_invalid", "sip_uri"},
      {"tier", "hamlet", 422, "point.tier_invalid", "tier"},
      {"surprise", 1, 422, "field.unknown", "surprise"},
  };
  for (const auto& c : cases) {
    json body = PointBody("Xã A", "sip:a@10.1.2.3");
    body[c.key] = c.value;
    Reply r = Post("/api/v1/points", body, operator_);
    EXPECT_EQ(r.status, c.status) << c.key << " " << r.body;
    EXPECT_EQ(r.Code(), c.code) << c.key;
    EXPECT_EQ(r.Field(), c.field) << c.key;
    EXPECT_FALSE(r.Message().empty());
  }
  EXPECT_TRUE(plane_->points().List()->empty());
  Reply host_bits = Send("POST", "/api/v1/points?lang=en",
                         [] { json b = PointBody("Xã A", "sip:a@10.1.2.3"); b["allowed_sources"] = {"10.1.2.3/24"}; return b.dump(); }(),
                         operator_);
  EXPECT_NE(host_bits.Message().find("did you mean 10.1.2.0/24"), std::string::npos) << host_bits.Message();
}

TEST_F(ApiTest, UnusualBandwidthIsAcceptedWithAWarning) {
  json body = PointBody("Xã A", "sip:a@10.1.2.3");
  body["bandwidth_mbps"] = 10;
  Reply r = Post("/api/v1/points", body, operator_);
  ASSERT_EQ(r.status, 201);
  ASSERT_EQ(r.json["warnings"].size(), 1u);
  EXPECT_EQ(r.json["warnings"][0]["code"], "point.bandwidth_unusual");
}

TEST_F(ApiTest, DuplicatePointsConflict) {
  ASSERT_EQ(Post("/api/v1/points", PointBody("Xã A", "sip:a@10.1.2.3"), operator_).status, 201);
  Reply r = Post("/api/v1/points", PointBody("Xã B", "sip:a@10.1.2.3"), operator_);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.Code(), "point.uri_taken");
  EXPECT_EQ(r.Field(), "sip_uri");
}

TEST_F(ApiTest, ViewersCannotChangeTheAddressBook) {
  Reply r = Post("/api/v1/points", PointBody("Xã A", "sip:a@10.1.2.3"), viewer_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "auth.forbidden");
  EXPECT_TRUE(plane_->points().List()->empty());
}

TEST_F(ApiTest, RoomsWithMembersChairLayoutAndPin) {
  const int64_t chair = CreatePoint("UBND tỉnh");
  const int64_t a = CreatePoint("UBND huyện A");
  const int64_t b = CreatePoint("UBND huyện B");
  json room = {{"number", "1000"}, {"name", "Phòng họp trực tuyến tỉnh"}, {"mode", "chair-controlled"},
               {"chair_point", chair}, {"layout", "1+7"}, {"pin", "4321"}, {"srtp_required", true},
               {"members", {{{"point", a}, {"tile", 1}}, {{"point", b}, {"allow_plain_rtp", true}}}}};
  Reply created = Post("/api/v1/rooms", room, operator_);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json["members"].size(), 3u);  // the chair joined the members
  EXPECT_EQ(created.json["pin"], "4321");
  Reply seen_by_viewer = Get("/api/v1/rooms/1000", viewer_);
  EXPECT_EQ(seen_by_viewer.json.count("pin"), 0u);  // viewers see only that a PIN is set
  EXPECT_EQ(seen_by_viewer.json["pin_set"], true);
  Reply members = Get("/api/v1/rooms/1000/members", viewer_);
  ASSERT_EQ(members.status, 200);
  EXPECT_EQ(members.json[0]["chair"], true);
  EXPECT_EQ(members.json[1]["name"], "UBND huyện A");

  Reply replaced = Put("/api/v1/rooms/1000/members", {{"members", {{{"point", a}, {"tile", 0}}}}}, operator_);
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json["members"].size(), 2u);  // a + the chair
  EXPECT_EQ(replaced.json["name"], "Phòng họp trực tuyến tỉnh");

  EXPECT_EQ(Post("/api/v1/rooms", room, operator_).Code(), "room.exists");
  Reply point_in_use = Delete("/api/v1/points/" + std::to_string(a), operator_);
  EXPECT_EQ(point_in_use.status, 409);
  EXPECT_EQ(point_in_use.Code(), "point.in_use_room");
  EXPECT_EQ(Delete("/api/v1/rooms/1000", operator_).status, 204);
  EXPECT_EQ(Get("/api/v1/rooms/1000", viewer_).status, 404);
  EXPECT_EQ(AuditOf("room.members").size(), 1u);
}

TEST_F(ApiTest, BadRoomsAreRefusedAndNothingIsHalfWritten) {
  const int64_t a = CreatePoint("A");
  Reply unknown_member = Post("/api/v1/rooms",
                              {{"number", "2000"}, {"name", "x"}, {"members", {{{"point", a}}, {{"point", 999}}}}},
                              operator_);
  EXPECT_EQ(unknown_member.status, 422);
  EXPECT_EQ(unknown_member.Code(), "room.unknown_point");
  EXPECT_EQ(unknown_member.Field(), "members[1].point");
  EXPECT_EQ(Get("/api/v1/rooms/2000", viewer_).status, 404);
  EXPECT_EQ(Post("/api/v1/rooms", {{"number", "20a"}, {"name", "x"}}, operator_).Code(), "room.number_invalid");
  EXPECT_EQ(Post("/api/v1/rooms", {{"number", "2000"}, {"name", "x"}, {"layout", "9x9"}}, operator_).Code(),
            "room.layout_invalid");
  EXPECT_EQ(Put("/api/v1/rooms/2000", {{"name", "x"}}, operator_).status, 404);
  EXPECT_EQ(Get("/api/v1/rooms/abc", viewer_).status, 404);
}

TEST_F(ApiTest, TheConfigListenerHearsOfChanges) {
  struct Listener : ControlConfigListener {
    std::vector<std::string> heard;
    void OnControlPointChanged(int64_t id) override { heard.push_back("point " + std::to_string(id)); }
    void OnControlRoomChanged(std::string_view number) override { heard.push_back("room " + std::string(number)); }
  } listener;
  plane_.reset();
  Open(TestOptions(dir_.path()));
  plane_->SetConfigListener(&listener);
  auto port = plane_->StartHttp();
  ASSERT_TRUE(port);
  port_ = *port;
  operator_ = Login("operator", kOperatorPassword);
  const int64_t a = CreatePoint("A");
  ASSERT_EQ(Post("/api/v1/rooms", {{"number", "3000"}, {"name", "x"}, {"members", {{{"point", a}}}}}, operator_).status, 201);
  plane_->StopHttp();
  EXPECT_EQ(listener.heard, (std::vector<std::string>{"point " + std::to_string(a), "room 3000"}));
}

}  // namespace
}  // namespace softmcu::control::testing
