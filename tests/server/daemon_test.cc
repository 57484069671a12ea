// The daemon assembled, in process, on loopback with OS-chosen ports: first start creates
// the defaults, a SIP terminal joins room 1000 and the operator sees it and grants it the
// floor through the HTTP API, shutdown sends BYE, a restart keeps the data.

#include "tests/server/daemon_fixture.h"

#include <sys/stat.h>

#include "tests/interop/testing/conference_stand_in.h"

namespace softmcu {
namespace {

using DaemonTest = DaemonFixture;

TEST_F(DaemonTest, FirstStartCreatesThePrivateDataDirectoryTheDefaultRoomAndTheReadyFile) {
  StartDaemon();
  struct stat st {};
  ASSERT_EQ(::stat(config_.data_dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((config_.data_dir + "/tls/softmcu.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "the TLS key must be readable by the daemon's user only";
  EXPECT_TRUE(fs::exists(config_.data_dir + "/control.db"));

  auto ready = nlohmann::json::parse(std::ifstream(dir_ / "ready.json"), nullptr, false);
  ASSERT_TRUE(ready.is_object());
  EXPECT_EQ(ready["sip"].size(), 2u);
  EXPECT_EQ(ready["http"], daemon_->ready().http);

  const std::string token = Login();
  ASSERT_FALSE(token.empty());
  auto room = GetJson("/api/v1/rooms/1000", token);
  EXPECT_EQ(room.value("name", ""), "Phòng họp trực tuyến");
  EXPECT_EQ(room.value("mode", ""), "chair-controlled");
  auto live = GetJson("/api/v1/rooms/1000/live", token);
  EXPECT_EQ(live.value("participants", -1), 0) << live.dump();
}

TEST_F(DaemonTest, ATerminalJoinsTheOperatorGrantsItTheFloorAndShutdownSaysBye) {
  StartDaemon();
  const std::string token = Login();
  ASSERT_FALSE(token.empty());

  sdp::MediaCapabilities caps;
  caps.srtp = sdp::SrtpPolicy::kRequired;
  interop::ConferenceStandIn terminal(caps);
  sip::SipStackConfig peer;
  peer.listen.push_back(*sip::TransportAddress::Parse("udp:127.0.0.1:0"));
  ASSERT_TRUE(terminal.StartStack(peer)) << terminal.error();
  auto offer = sdp::MediaNegotiator(caps).CreateOffer(sdp::LocalMedia{.audio = {.rtp_port = 42000},
                                                                      .video = {.rtp_port = 42002}});
  ASSERT_TRUE(offer.has_value());
  terminal.stack().PlaceCall("sip:1000@" + SipUdp(), offer->sdp,
                             sip::PlaceCallOptions{.display_name = "UBND huyện Triệu Sơn"});
  ASSERT_TRUE(terminal.WaitFor("answered")) << terminal.EventsText();

  nlohmann::json participants;
  ASSERT_TRUE(WaitUntil([&] {
    participants = GetJson("/api/v1/rooms/1000/participants", token);
    return participants.is_array() && participants.size() == 1 && participants[0].value("state", "") == "connected";
  })) << participants.dump();
  EXPECT_EQ(participants[0].value("name", ""), "UBND huyện Triệu Sơn");
  EXPECT_TRUE(participants[0].value("muted", false)) << "a branch is muted in a chair-controlled room";
  const int id = participants[0].value("id", 0);

  EXPECT_EQ(Post("/api/v1/rooms/1000/floor", {{"participant", id}}, token), 200);
  auto floor = GetJson("/api/v1/rooms/1000/floor", token);
  ASSERT_EQ(floor["holders"].size(), 1u) << floor.dump();
  EXPECT_EQ(floor["holders"][0], id);
  auto after = GetJson("/api/v1/rooms/1000/participants/" + std::to_string(id), token);
  EXPECT_FALSE(after.value("muted", true)) << "granting the floor opens the microphone: " << after.dump();

  // The call went into the logbook as an unscheduled meeting.
  auto logbook = GetJson("/api/v1/logbook?from=2020-01-01T00:00:00Z&to=2100-01-01T00:00:00Z", token);
  EXPECT_NE(logbook.dump().find("1000"), std::string::npos) << logbook.dump();

  daemon_->Shutdown();
  EXPECT_TRUE(terminal.WaitFor("terminated remote-bye", 1, 5s)) << terminal.EventsText();
}

TEST_F(DaemonTest, ARestartKeepsTheDatabaseAndDoesNotRecreateTheAdmin) {
  StartDaemon();
  const std::string token = Login();
  ASSERT_FALSE(token.empty());
  EXPECT_EQ(Post("/api/v1/points",
                 {{"name", "UBND huyện Nga Sơn"}, {"sip_uri", "sip:ngason@127.0.0.1:5999"}, {"tier", "district"}},
                 token),
            201);
  daemon_->Shutdown();
  daemon_.reset();
  ::setenv("SOFTMCU_ADMIN_PASSWORD", "Another#Pass9", 1);  // ignored: the admin exists
  StartDaemon();
  const std::string again = Login();
  ASSERT_FALSE(again.empty());
  auto points = GetJson("/api/v1/points", again);
  EXPECT_NE(points.dump().find("Nga Sơn"), std::string::npos) << points.dump();
}

TEST_F(DaemonTest, AnUnusableConfigurationSaysWhatIsWrong) {
  config_.sip_listen = {*SipListen::Parse("udp:192.0.2.1:5060")};  // not an address of this machine
  auto started = Daemon::Start(config_, DaemonOptions{});
  ASSERT_FALSE(started.has_value());
  EXPECT_NE(started.error().message.find("SIP"), std::string::npos) << started.error().message;
}

}  // namespace
}  // namespace softmcu
