// The daemon with a real SIP terminal: Debian's baresip (PEERS.md) calls room 1000 over
// SDES-SRTP with H.264 and Opus, and is called by the MCU; media must flow both ways, and a
// terminal killed without a BYE must become "lost" within the RTP timeout and be
// redialled. Skips (with the reason) where baresip is not installed.

#include "tests/server/daemon_fixture.h"

#include <csignal>

#include "tests/interop/testing/baresip_peer.h"

namespace softmcu {
namespace {

class DaemonBaresipTest : public DaemonFixture {
 protected:
  void SetUp() override {
    DaemonFixture::SetUp();
    if (!interop::BaresipPeer::Find()) GTEST_SKIP() << "baresip is not installed (tools/dev setup installs baresip-core)";
    fs::create_directories(dir_ / "baresip");
    config_.rtp_timeout_seconds = 3;
    config_.redial_initial_seconds = 1;
    config_.redial_max_seconds = 2;
  }

  // Waits until the room's only participant satisfies `pred`; returns it (or null).
  template <typename Pred>
  nlohmann::json WaitForParticipant(const std::string& token, Pred pred, std::chrono::milliseconds limit = 20s) {
    nlohmann::json found;
    WaitUntil([&] {
      auto list = Participants(token);
      if (list.size() != 1 || !pred(list[0])) return false;
      found = list[0];
      return true;
    }, limit);
    return found;
  }

  interop::BaresipPeer baresip_;
};

TEST_F(DaemonBaresipTest, BaresipCallsInAndMediaFlowsBothWays) {
  StartDaemon();
  const std::string token = Login();
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(baresip_.Start({.dir = (dir_ / "baresip").string(), .dial = "sip:1000@" + SipUdp()}));
  auto p = WaitForParticipant(token, [](const nlohmann::json& p) {
    const auto& s = p["stats"];
    return p.value("state", "") == "connected" && s.value("rx_bitrate_kbps", 0) > 20 && s.value("tx_bitrate_kbps", 0) > 20;
  });
  ASSERT_FALSE(p.is_null()) << "participants: " << Participants(token).dump() << "\nbaresip:\n" << baresip_.Log();
  EXPECT_EQ(p.value("muted", false), true) << "a branch of a chair-controlled room starts muted";
  baresip_.Quit();
  EXPECT_TRUE(WaitUntil([&] { return Participants(token).empty(); }, 10s))
      << "a caller not in the address book leaves on its BYE: " << Participants(token).dump();
}

TEST_F(DaemonBaresipTest, ADialledTerminalKilledWithoutByeIsLostAndRedialled) {
  StartDaemon();
  const std::string token = Login();
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(baresip_.Start({.dir = (dir_ / "baresip").string()}));
  std::this_thread::sleep_for(500ms);  // baresip binds its SIP port
  auto client = Client();
  auto dial = client.Post("/api/v1/rooms/1000/participants", httplib::Headers{{"Authorization", "Bearer " + token}},
                          nlohmann::json{{"uri", baresip_.Uri()}}.dump(), "application/json");
  ASSERT_TRUE(dial);
  ASSERT_EQ(dial->status, 202) << dial->body;
  const int id = nlohmann::json::parse(dial->body).value("id", 0);
  auto up = WaitForParticipant(token, [](const nlohmann::json& p) {
    return p.value("state", "") == "connected" && p["stats"].value("rx_bitrate_kbps", 0) > 20;
  });
  ASSERT_FALSE(up.is_null()) << Participants(token).dump() << "\nbaresip:\n" << baresip_.Log();

  ::kill(baresip_.process().pid(), SIGKILL);
  auto lost = WaitForParticipant(token, [](const nlohmann::json& p) {
    const std::string state = p.value("state", "");
    return state == "lost" || state == "ringing";
  }, 15s);
  ASSERT_FALSE(lost.is_null()) << Participants(token).dump();
  EXPECT_EQ(lost.value("id", 0), id) << "the redialled point keeps its participant";

  // A new terminal at the same address answers the redial.
  baresip_.process().Wait(3s);
  interop::BaresipPeer again;
  fs::create_directories(dir_ / "baresip2");
  // Same port: the redial goes to the URI the point was dialled at.
  ASSERT_TRUE(again.StartOnPort({.dir = (dir_ / "baresip2").string()}, baresip_.sip_port()));
  auto back = WaitForParticipant(token, [](const nlohmann::json& p) {
    return p.value("state", "") == "connected" && p["stats"].value("rx_bitrate_kbps", 0) > 20;
  }, 30s);
  EXPECT_FALSE(back.is_null()) << Participants(token).dump() << "\nbaresip:\n" << again.Log();
  EXPECT_EQ(Delete("/api/v1/rooms/1000/participants/" + std::to_string(id), token), 204);
  EXPECT_TRUE(WaitUntil([&] { return Participants(token).empty(); }));
  again.Quit();
}

}  // namespace
}  // namespace softmcu
