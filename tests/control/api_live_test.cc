// The HTTP API over loopback: live control on a fake engine, and the event stream.
#include <atomic>
#include <map>
#include <thread>

#include <gtest/gtest.h>

#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

using nlohmann::json;

class LiveApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    chair_ = live_.AddParticipant("1000", "UBND tỉnh", ParticipantRole::kChair);
    branch_ = live_.AddParticipant("1000", "UBND huyện Triệu Sơn", ParticipantRole::kBranch);
  }
  std::string Path(const std::string& rest) { return "/api/v1/rooms/1000" + rest; }
  ParticipantId chair_ = 0, branch_ = 0;
};

TEST_F(LiveApiTest, ParticipantsListTheContractFields) {
  Reply r = Get(Path("/participants"), viewer_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.json.size(), 2u);
  for (const char* key : {"id", "name", "uri", "state", "muted", "floor", "stats"}) {
    EXPECT_TRUE(r.json[1].contains(key)) << key;
  }
  EXPECT_EQ(r.json[1]["name"], "UBND huyện Triệu Sơn");
  EXPECT_EQ(r.json[1]["state"], "connected");
  EXPECT_EQ(r.json[1]["muted"], true);
  EXPECT_EQ(r.json[1]["floor"], false);
}

TEST_F(LiveApiTest, GrantAndRevokeTheFloor) {
  Reply granted = Post(Path("/floor"), {{"participant", branch_}}, operator_);
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_EQ(granted.json["holders"], json::array({branch_}));
  Reply list = Get(Path("/participants/" + std::to_string(branch_)), viewer_);
  EXPECT_EQ(list.json["floor"], true);
  EXPECT_EQ(list.json["muted"], false);
  Reply revoked = Delete(Path("/floor/" + std::to_string(branch_)), operator_);
  ASSERT_EQ(revoked.status, 200);
  EXPECT_TRUE(revoked.json["holders"].empty());
  auto grants = AuditOf("floor.grant");
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].target, "room 1000 participant " + std::to_string(branch_));
  EXPECT_EQ(AuditOf("floor.revoke").size(), 1u);
}

TEST_F(LiveApiTest, AViewerCannotGrantTheFloor) {
  Reply r = Post(Path("/floor"), {{"participant", branch_}}, viewer_);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Code(), "auth.forbidden");
  EXPECT_TRUE(live_.calls().empty());
  auto denied = AuditOf("floor.grant");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].result, AuditResult::kDenied);
  EXPECT_EQ(denied[0].user, "viewer");
}

TEST_F(LiveApiTest, EngineErrorsMapToHttp) {
  Reply unknown_participant = Post(Path("/floor"), {{"participant", 999}}, operator_);
  EXPECT_EQ(unknown_participant.status, 404);
  EXPECT_EQ(unknown_participant.Code(), "live.unknown_participant");
  Reply unknown_room = Post("/api/v1/rooms/4444/floor", {{"participant", 1}}, operator_);
  EXPECT_EQ(unknown_room.status, 404);
  EXPECT_EQ(unknown_room.Code(), "live.unknown_room");
  Reply chair = Post(Path("/floor?lang=en"), {{"participant", chair_}}, operator_);
  EXPECT_EQ(chair.status, 409);
  EXPECT_EQ(chair.Code(), "live.not_allowed");
  EXPECT_NE(chair.Message().find("the chair always has the floor"), std::string::npos);
  Reply not_holding = Delete(Path("/floor/" + std::to_string(branch_)), operator_);
  EXPECT_EQ(not_holding.status, 409);
  Reply bad_body = Post(Path("/floor"), {{"participant", "two"}}, operator_);
  EXPECT_EQ(bad_body.status, 422);
  EXPECT_EQ(bad_body.Field(), "participant");
  live_.unavailable = true;
  Reply down = Get(Path("/participants"), viewer_);
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.Code(), "live.unavailable");
}

TEST_F(LiveApiTest, WithoutAnEngineLiveRoutesAnswer503) {
  plane_.reset();
  Open(TestOptions(dir_.path()));
  auto port = plane_->StartHttp();
  ASSERT_TRUE(port);
  port_ = *port;
  Reply r = Get(Path("/participants"), Login("viewer", kViewerPassword));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Code(), "live.unavailable");
}

TEST_F(LiveApiTest, DialOutByUriPointOrAllMembers) {
  Reply by_uri = Post(Path("/participants"), {{"uri", "sip:xa-a@10.3.0.7"}}, operator_);
  ASSERT_EQ(by_uri.status, 202) << by_uri.body;
  EXPECT_TRUE(by_uri.json.contains("id"));
  EXPECT_EQ(Post(Path("/participants"), {{"point", 5}}, operator_).status, 202);
  EXPECT_EQ(Post(Path("/participants"), {{"all_members", true}}, operator_).status, 202);
  Reply bad_uri = Post(Path("/participants"), {{"uri", "tel:123"}}, operator_);
  EXPECT_EQ(bad_uri.status, 422);
  EXPECT_EQ(bad_uri.Code(), "point.sip_uri_invalid");
  EXPECT_EQ(Post(Path("/participants"), json::object(), operator_).Code(), "field.required");
  EXPECT_EQ(live_.calls()[0], "dial sip:xa-a@10.3.0.7");
  EXPECT_EQ(AuditOf("participant.dial").size(), 5u);
}

TEST_F(LiveApiTest, MuteVideoDisconnectAndLoopback) {
  const std::string p = Path("/participants/" + std::to_string(branch_));
  Reply unmuted = Patch(p, {{"muted", false}}, operator_);
  ASSERT_EQ(unmuted.status, 200) << unmuted.body;
  EXPECT_EQ(unmuted.json["muted"], false);
  Reply video = Patch(p, {{"video_stopped", true}}, operator_);
  EXPECT_EQ(video.json["video_stopped"], true);
  EXPECT_EQ(Patch(p, json::object(), operator_).status, 422);
  EXPECT_EQ(Send("POST", p + "/loopback", "", operator_).status, 202);
  EXPECT_EQ(Delete(p, operator_).status, 204);
  EXPECT_EQ(Get(p, viewer_).status, 404);
  EXPECT_EQ(Get(Path("/participants/x1"), viewer_).Code(), "request.bad_id");
  auto calls = live_.calls();
  EXPECT_EQ(calls, (std::vector<std::string>{"unmute " + std::to_string(branch_), "video off " + std::to_string(branch_),
                                             "loopback " + std::to_string(branch_),
                                             "disconnect " + std::to_string(branch_)}));
}

TEST_F(LiveApiTest, FloorRequestsOnBehalfQueue) {
  Reply requested = Post(Path("/floor/requests"), {{"participant", branch_}}, operator_);
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_EQ(requested.json["queue"][0]["participant"], branch_);
  Reply floor = Get(Path("/floor"), viewer_);
  EXPECT_EQ(floor.json["queue"].size(), 1u);
  Reply cancelled = Delete(Path("/floor/requests/" + std::to_string(branch_)), operator_);
  EXPECT_TRUE(cancelled.json["queue"].empty());
}

TEST_F(LiveApiTest, LayoutTilesLockModeAndMeeting) {
  Reply layout = Put(Path("/layout"), {{"layout", "2x2"}, {"tiles", {{{"participant", branch_}, {"tile", 0}}}}}, operator_);
  ASSERT_EQ(layout.status, 200) << layout.body;
  EXPECT_EQ(layout.json["layout"], "2x2");
  EXPECT_EQ(Put(Path("/layout"), {{"layout", "11x11"}}, operator_).Code(), "room.layout_invalid");
  EXPECT_EQ(Put(Path("/layout"), {{"tiles", {{{"participant", 999}, {"tile", 0}}}}}, operator_).status, 404);
  EXPECT_EQ(Put(Path("/layout"), {{"tiles", {{{"participant", 1}, {"tile", 25}}}}}, operator_).Field(), "tiles[0].tile");
  Reply locked = Put(Path("/lock"), {{"locked", true}}, operator_);
  EXPECT_EQ(locked.json["locked"], true);
  EXPECT_EQ(Post(Path("/participants"), {{"uri", "sip:late@10.3.0.8"}}, operator_).status, 409);
  EXPECT_EQ(Put(Path("/mode"), {{"mode", "open"}}, operator_).json["mode"], "open");
  EXPECT_EQ(Put(Path("/mode"), {{"mode", "loud"}}, operator_).Code(), "room.mode_invalid");
  Reply started = Post(Path("/meeting"), {{"phase", "test"}, {"title", "Chạy thử"}}, operator_);
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json["phase"], "test");
  EXPECT_EQ(Post(Path("/meeting"), {{"phase", "live"}}, operator_).status, 409);
  EXPECT_EQ(Delete(Path("/meeting"), operator_).status, 204);
  EXPECT_EQ(Get("/api/v1/live/rooms", viewer_).json[0]["number"], "1000");
  EXPECT_EQ(AuditOf("room.lock").size(), 1u);
  EXPECT_EQ(AuditOf("meeting.start").size(), 2u);
}

TEST_F(LiveApiTest, SeatingPlanReachesTheParticipants) {
  ASSERT_EQ(Put(Path("/layout"), {{"tiles", {{{"participant", branch_}, {"tile", 3}}}}}, operator_).status, 200);
  EXPECT_EQ(Get(Path("/participants/") + std::to_string(branch_), viewer_).json["tile"], 3);
  EXPECT_TRUE(Get(Path("/participants/") + std::to_string(chair_), viewer_).json["tile"].is_null());
}

TEST_F(LiveApiTest, PreviewIsTheViewsJpeg) {
  auto client = Client();
  auto room = client->Get(Path("/preview.jpg"), Auth(viewer_));
  ASSERT_TRUE(room);
  ASSERT_EQ(room->status, 200) << room->body;
  EXPECT_EQ(room->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_EQ(room->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(room->body, "\xFF\xD8" "1+7\xFF\xD9");
  auto one = client->Get(Path("/preview.jpg?participant=") + std::to_string(branch_), Auth(viewer_));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->body, "\xFF\xD8" "1+7 for " + std::to_string(branch_) + "\xFF\xD9");
  ASSERT_EQ(Put(Path("/layout"), {{"layout", "2x2"}}, operator_).status, 200);
  EXPECT_EQ(client->Get(Path("/preview.jpg"), Auth(viewer_))->body, "\xFF\xD8" "2x2\xFF\xD9");
}

TEST_F(LiveApiTest, PreviewRefusesBadRequestsWithJsonErrors) {
  EXPECT_EQ(Get(Path("/preview.jpg"), "").status, 401);
  for (const char* bad : {"x", "-1", "01", "4294967296", ""}) {
    Reply r = Get(Path("/preview.jpg?participant=") + bad, viewer_);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Field(), "participant") << bad;
  }
  EXPECT_EQ(Get(Path("/preview.jpg?participant=999"), viewer_).Code(), "live.unknown_participant");
  EXPECT_EQ(Get("/api/v1/rooms/7777/preview.jpg", viewer_).Code(), "live.unknown_room");
  live_.previews = false;  // an engine without previews: the interface's default
  Reply none = Get(Path("/preview.jpg"), viewer_);
  EXPECT_EQ(none.status, 503);
  EXPECT_EQ(none.Code(), "live.unavailable");
}

TEST_F(LiveApiTest, BuiltInLayoutsComeWithTheirGeometry) {
  Reply r = Get("/api/v1/layouts", viewer_);
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, json> by_name;
  for (const auto& layout : r.json) by_name[layout["name"]] = layout;
  for (const char* name : {"1x1", "1+1", "2x2", "1+5", "1+7", "3x3", "1+12", "4x4", "5x5"}) {
    ASSERT_TRUE(by_name.contains(name)) << name;
  }
  EXPECT_EQ(by_name["2x2"]["tiles"].size(), 4u);
  EXPECT_EQ(by_name["5x5"]["tiles"].size(), 25u);
  EXPECT_EQ(by_name["1+7"]["tiles"][0].value("main", false), true);
  EXPECT_EQ(Get("/api/v1/layouts", "").status, 401);
}

// Reads an SSE stream until `want` events arrived (or the server ends it).
std::vector<std::pair<std::string, json>> ReadEvents(httplib::Client& client, const std::string& path,
                                                     const std::string& token, size_t want,
                                                     std::atomic<bool>* connected) {
  std::vector<std::pair<std::string, json>> events;
  std::string buffer;
  client.Get(path, {{"Authorization", "Bearer " + token}}, [&](const char* data, size_t size) {
    buffer.append(data, size);
    connected->store(true);
    size_t end;
    while ((end = buffer.find("\n\n")) != std::string::npos) {
      std::string block = buffer.substr(0, end);
      buffer.erase(0, end + 2);
      std::string type, data_line;
      size_t pos = 0;
      while (pos < block.size()) {
        size_t nl = block.find('\n', pos);
        if (nl == std::string::npos) nl = block.size();
        std::string line = block.substr(pos, nl - pos);
        if (line.rfind("event: ", 0) == 0) type = line.substr(7);
        if (line.rfind("data: ", 0) == 0) data_line = line.substr(6);
        pos = nl + 1;
      }
      if (!type.empty()) events.emplace_back(type, json::parse(data_line, nullptr, false));
    }
    return events.size() < want;
  });
  return events;
}

TEST_F(LiveApiTest, TheEventStreamDeliversPublishedEvents) {
  auto client = Client();
  std::atomic<bool> connected{false};
  std::vector<std::pair<std::string, json>> events;
  std::thread reader([&] { events = ReadEvents(*client, "/api/v1/events?room=1000", viewer_, 2, &connected); });
  // Wait (bounded) until the stream is open, then publish.
  for (int i = 0; i < 500 && !connected; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(connected);
  plane_->events().PublishJson("floor", "2000", {{"holders", json::array()}});  // another room: filtered out
  plane_->events().PublishJson("floor", "1000", {{"holders", {branch_}}});
  plane_->events().PublishJson("participant", "1000", {{"id", branch_}, {"state", "connected"}});
  reader.join();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].first, "floor");
  EXPECT_EQ(events[0].second["holders"][0], branch_);
  EXPECT_EQ(events[1].first, "participant");
}

TEST_F(LiveApiTest, EventStreamsAreBounded) {
  auto a = plane_->events().Subscribe("");
  auto b = plane_->events().Subscribe("");  // max_event_streams is 2 in the tests
  Reply r = Get("/api/v1/events", viewer_);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Code(), "events.too_many");
  EXPECT_EQ(Get("/api/v1/events?room=abc", viewer_).status, 400);
}

}  // namespace
}  // namespace softmcu::control::testing
