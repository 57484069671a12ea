// Interop with SIPp (Debian package sip-tester): SIPp plays a bridge point with the XML
// scenarios in tests/interop/sipp/, against a SipStack on loopback. SIPp's exit code says
// whether its side of the scenario went as written; the stand-in's events say ours did.

#include <gtest/gtest.h>

#include "tests/interop/testing/conference_stand_in.h"
#include "tests/interop/testing/external_process.h"
#include "tests/interop/testing/udp_relay.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::interop {
namespace {

using sip::TransportAddress;
using sip::TransportKind;

const std::string kScenarios = std::string(SOFTMCU_SOURCE_DIR) + "/tests/interop/sipp/";
constexpr auto kSippLimit = std::chrono::seconds(30);

class SippTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sipp_ = ExternalProcess::Find("sipp");
    if (!sipp_) GTEST_SKIP() << "sipp not installed (Debian package sip-tester; tools/dev setup installs it)";
  }

  sip::SipStackConfig Config() {
    sip::SipStackConfig config;
    const auto loopback = asio::ip::make_address("127.0.0.1");
    config.listen = {{TransportKind::kUdp, loopback, 0}, {TransportKind::kTcp, loopback, 0}};
    return config;
  }

  // Runs sipp with `args` after the common ones; returns its exit code (-1: timed out).
  int RunSipp(std::vector<std::string> args) {
    std::vector<std::string> argv{*sipp_, "-i", "127.0.0.1", "-m", "1", "-nostdin", "-timeout", "25s",
                                  "-timeout_error", "-trace_err", "-error_file", dir_.File("sipp-errors.log")};
    argv.insert(argv.end(), args.begin(), args.end());
    ExternalProcess sipp;
    if (!sipp.Start(argv, dir_.File("sipp.log"))) return -2;
    auto code = sipp.Wait(kSippLimit);
    if (!code || *code != 0) {
      ADD_FAILURE() << "sipp exited " << (code ? std::to_string(*code) : "(timed out)") << "\n"
                    << sipp.Log();
      PrintErrors();
    }
    return code.value_or(-1);
  }
  void PrintErrors() {
    std::ifstream errors(dir_.File("sipp-errors.log"));
    std::stringstream text;
    text << errors.rdbuf();
    if (!text.str().empty()) ADD_FAILURE() << "sipp errors:\n" << text.str();
  }
  std::string Target(const TransportAddress& address) { return address.HostPort(); }
  void DialSippUas(const std::string& sipp_transport, const std::string& uri_suffix);

  std::optional<std::string> sipp_;
  sip::testing::TempDir dir_;
  ConferenceStandIn mcu_;
};

TEST_F(SippTest, UacInviteAckByeOverUdp) {
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  EXPECT_EQ(RunSipp({Target(mcu_.Bound(TransportKind::kUdp)), "-sf", kScenarios + "uac_call.xml", "-s", "1000"}), 0);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  auto incoming = mcu_.Incoming();
  ASSERT_EQ(incoming.size(), 1u);
  EXPECT_EQ(incoming[0].request_user, "1000");
  EXPECT_EQ(incoming[0].from_display_name, "Điểm cầu Tri Tôn");
  EXPECT_EQ(incoming[0].source.kind, TransportKind::kUdp);
}

TEST_F(SippTest, UacInviteAckByeOverTcp) {
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  EXPECT_EQ(RunSipp({Target(mcu_.Bound(TransportKind::kTcp)), "-t", "t1", "-sf", kScenarios + "uac_call.xml", "-s",
                     "1000"}),
            0);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  EXPECT_EQ(mcu_.Incoming().at(0).source.kind, TransportKind::kTcp);
}

TEST_F(SippTest, UacCancelWhileRinging) {
  mcu_.SetAnswer(ConferenceStandIn::Answer::kNothing);
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  EXPECT_EQ(RunSipp({Target(mcu_.Bound(TransportKind::kUdp)), "-sf", kScenarios + "uac_cancel.xml", "-s", "1000"}), 0);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-cancel")) << mcu_.EventsText();
}

TEST_F(SippTest, UacReInviteHoldIsAnsweredByTheConference) {
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  EXPECT_EQ(RunSipp({Target(mcu_.Bound(TransportKind::kUdp)), "-sf", kScenarios + "uac_reinvite.xml", "-s", "1000"}),
            0);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  EXPECT_EQ(mcu_.Count("reinvite"), 1);
  auto session = mcu_.LastSession();
  ASSERT_TRUE(session && session->audio);
  EXPECT_TRUE(session->audio->on_hold);
}

TEST_F(SippTest, LostOkIsRecoveredByOurRetransmission) {
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  std::atomic<int> oks{0};
  UdpRelay relay(mcu_.Bound(TransportKind::kUdp).UdpEndpoint(), [&](std::string_view datagram, bool from_stack) {
    const bool ok = from_stack && datagram.substr(0, 14) == "SIP/2.0 200 OK" &&
                    datagram.find("CSeq: 1 INVITE") != std::string_view::npos;
    return ok && ++oks == 1;  // the first 200 OK to the INVITE never reaches SIPp
  });
  EXPECT_EQ(RunSipp({"127.0.0.1:" + std::to_string(relay.port()), "-sf", kScenarios + "uac_call.xml", "-s", "1000"}),
            0);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-bye")) << mcu_.EventsText();
  EXPECT_EQ(relay.dropped(), 1);
  EXPECT_GE(oks.load(), 2);  // the 2xx was sent again (RFC 3261 §13.3.1.4)
}

// SIPp plays the bridge point the MCU dials (UDP, or TCP with `transport=tcp`).
void SippTest::DialSippUas(const std::string& sipp_transport, const std::string& uri_suffix) {
  ASSERT_TRUE(mcu_.StartStack(Config())) << mcu_.error();
  const uint16_t port = FreePort();
  ExternalProcess sipp;
  ASSERT_TRUE(sipp.Start({*sipp_, "-i", "127.0.0.1", "-p", std::to_string(port), "-t", sipp_transport, "-m", "1",
                          "-nostdin", "-timeout", "25s", "-timeout_error", "-sf", kScenarios + "uas_answer.xml"},
                         dir_.File("sipp.log")));
  const CallHandle call =
      mcu_.stack().PlaceCall("sip:tri-ton@127.0.0.1:" + std::to_string(port) + uri_suffix,
                             mcu_.negotiator().CreateOffer({.audio = {.rtp_port = 40000}})->sdp,
                             {.retries = 2, .backoff = TimeDelta::Seconds(1)});
  ASSERT_TRUE(mcu_.WaitFor("answered")) << mcu_.EventsText() << sipp.Log();
  EXPECT_EQ(mcu_.Count("ringing"), 1);
  auto offer = mcu_.negotiator().CreateOffer({.audio = {.rtp_port = 40000}})->sdp;
  offer.media[0].attributes.push_back({"sendonly", std::nullopt});  // hold
  mcu_.stack().SendReInvite(call, offer);
  ASSERT_TRUE(mcu_.WaitFor("reinvite-accepted")) << mcu_.EventsText() << sipp.Log();
  mcu_.stack().Hangup(call, "end of meeting");
  EXPECT_EQ(sipp.Wait(kSippLimit), 0) << sipp.Log();
}

TEST_F(SippTest, UasAnswersOurCallAndTakesOurHoldAndByeOverUdp) { DialSippUas("u1", ""); }

TEST_F(SippTest, UasAnswersOurCallAndTakesOurHoldAndByeOverTcp) { DialSippUas("t1", ";transport=tcp"); }

}  // namespace
}  // namespace softmcu::interop
