// Abuse on loopback, against a SipStack with its default limits: a flood of INVITEs from
// one address while a real terminal (SIPp) calls from another, garbage datagrams, and a
// TCP peer that sends header lines forever.

#include <random>

#include <asio/write.hpp>
#include <gtest/gtest.h>

#include "signaling/sip/sip_limits.h"
#include "signaling/transaction/transaction_key.h"
#include "tests/interop/testing/conference_stand_in.h"
#include "tests/interop/testing/external_process.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::interop {
namespace {

using sip::TransportKind;

const std::string kScenarios = std::string(SOFTMCU_SOURCE_DIR) + "/tests/interop/sipp/";

class AbuseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sip::SipStackConfig config;
    config.listen = {{TransportKind::kUdp, asio::ip::make_address("127.0.0.1"), 0},
                     {TransportKind::kTcp, asio::ip::make_address("127.0.0.1"), 0}};
    ASSERT_TRUE(mcu_.StartStack(config)) << mcu_.error();
  }

  template <typename F>
  auto OnLoop(F&& f) {
    std::promise<decltype(f())> done;
    mcu_.loop().Post([&] { done.set_value(f()); });
    return done.get_future().get();
  }
  sip::UserAgentStats Stats() {
    return OnLoop([this] { return mcu_.stack().user_agent().stats(); });
  }

  ConferenceStandIn mcu_;
  sip::testing::TempDir dir_;
};

std::string FloodInvite(const asio::ip::udp::endpoint& to, int i) {
  const std::string sdp =
      "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 9 RTP/AVP 96\r\n"
      "a=rtpmap:96 opus/48000/2\r\n";
  return "INVITE sip:" + std::to_string(1000 + i % 50) + "@127.0.0.1:" + std::to_string(to.port()) +
         " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=" + sip::NewBranch() +
         "\r\nMax-Forwards: 70\r\nFrom: <sip:scanner@127.0.0.2>;tag=" + std::to_string(i) +
         "\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: flood-" + std::to_string(i) +
         "\r\nCSeq: 1 INVITE\r\nContact: <sip:scanner@127.0.0.2:5060>\r\nContent-Type: application/sdp\r\n"
         "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
}

TEST_F(AbuseTest, InviteFloodFromOneSourceIsLimitedWhileAnotherCallSucceeds) {
  auto sipp = ExternalProcess::Find("sipp");
  if (!sipp) GTEST_SKIP() << "sipp not installed (Debian package sip-tester)";
  const auto target = mcu_.Bound(TransportKind::kUdp).UdpEndpoint();
  // The flood: 10,000 distinct INVITEs as fast as a socket sends, from 127.0.0.2.
  std::atomic<int> flooded{0};
  std::thread flood([&] {
    asio::io_context context;
    asio::ip::udp::socket socket(context, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.2"), 0));
    for (int i = 0; i < 10000; ++i) {
      std::error_code ec;
      socket.send_to(asio::buffer(FloodInvite(target, i)), target, 0, ec);
      if (!ec) ++flooded;
    }
  });
  // Meanwhile a legitimate bridge point dials in from 127.0.0.3.
  ExternalProcess legit;
  ASSERT_TRUE(legit.Start({*sipp, "127.0.0.1:" + std::to_string(target.port()), "-sf", kScenarios + "uac_call.xml",
                           "-s", "2000", "-i", "127.0.0.3", "-bind_local", "-m", "1", "-nostdin", "-timeout", "25s",
                           "-timeout_error"},
                          dir_.File("sipp.log")));
  flood.join();
  EXPECT_EQ(legit.Wait(std::chrono::seconds(30)), 0) << legit.Log();
  EXPECT_EQ(flooded.load(), 10000);
  // The legitimate call got through and was completed.
  bool legit_seen = false;
  for (const auto& call : mcu_.Incoming()) legit_seen |= call.source.address == asio::ip::make_address("127.0.0.3");
  EXPECT_TRUE(legit_seen);
  ASSERT_TRUE(mcu_.WaitFor("terminated remote-bye"));
  // The flood: a burst of calls at most, the rest refused (what the kernel did not drop).
  const auto stats = Stats();
  EXPECT_LE(stats.incoming_calls, 1u + 40 + 20 * 10);  // burst + 20/s for the flood's few seconds
  EXPECT_GT(stats.rate_limited, 500u);  // what the kernel did not drop (its buffer holds ~1,500)
  int limited_events = 0;
  for (const auto& event : mcu_.SecurityEvents()) {
    if (event.kind == sip::SecurityEventKind::kRateLimited) {
      ++limited_events;
      EXPECT_EQ(event.source.address, asio::ip::make_address("127.0.0.2"));
    }
  }
  EXPECT_EQ(limited_events, 1);
  std::cout << "flood: " << flooded << " sent, " << stats.rate_limited << " rate-limited, " << stats.incoming_calls
            << " calls reached the conference" << std::endl;
}

TEST_F(AbuseTest, ThousandGarbageDatagramsAreCountedAndTheStackStillAnswers) {
  const auto target = mcu_.Bound(TransportKind::kUdp).UdpEndpoint();
  asio::io_context context;
  asio::ip::udp::socket socket(context, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.4"), 0));
  std::mt19937 random(20240601);
  for (int i = 0; i < 1000; ++i) {
    std::string junk(1 + random() % 1400, '\0');
    for (char& c : junk) c = char(random());
    if (i % 4 == 1) junk = "INVITE sip:x SIP/2.0\r\n" + junk;  // a start line, then rubbish
    if (i % 4 == 2) junk = "SIP/2.0 200 OK\r\nVia: " + junk;   // a response that is not one
    junk[0] = junk[0] == '\r' || junk[0] == '\n' ? 'x' : junk[0];
    socket.send_to(asio::buffer(junk), target);
    if (i % 100 == 99) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // stay under the socket buffer
  }
  // Still alive and answering: an OPTIONS from elsewhere gets its 200.
  asio::ip::udp::socket probe(context, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.5"), 0));
  const std::string options = "OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.5:" +
                              std::to_string(probe.local_endpoint().port()) + ";branch=" + sip::NewBranch() +
                              "\r\nMax-Forwards: 70\r\nFrom: <sip:probe@127.0.0.5>;tag=1\r\nTo: <sip:1000@127.0.0.1>\r\n"
                              "Call-ID: probe\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  probe.send_to(asio::buffer(options), target);
  std::array<char, 4096> answer{};
  asio::ip::udp::endpoint from;
  probe.non_blocking(true);
  std::string reply;
  for (int tries = 0; tries < 250 && reply.empty(); ++tries) {
    std::error_code ec;
    const size_t n = probe.receive_from(asio::buffer(answer), from, 0, ec);
    if (!ec) reply.assign(answer.data(), n);
    else std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(reply.rfind("SIP/2.0 200 OK", 0), 0u) << reply;
  const auto stats = Stats();
  EXPECT_EQ(stats.malformed, 1000u);
  EXPECT_EQ(stats.incoming_calls, 0u);
}

TEST_F(AbuseTest, TcpPeerWithAnEndlessHeaderIsDisconnectedAtTheLimit) {
  asio::io_context context;
  asio::ip::tcp::socket client(context);
  client.connect(mcu_.Bound(TransportKind::kTcp).TcpEndpoint());
  asio::write(client, asio::buffer(std::string("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n")));
  const std::string line = "Subject: " + std::string(200, 'z') + "\r\n";
  size_t written = 0;
  std::error_code ec;
  std::array<char, 16> sink{};
  client.non_blocking(true);
  // Write at a pace the server keeps up with, looking after every 4 KiB whether it hung up
  // (EOF or reset), so `written` says where it cut, give or take 4 KiB.
  bool closed = false;
  while (!closed && written < 20 * sip::SipLimits::kMaxHeadSize) {
    for (size_t chunk = 0; chunk < 4096 && !ec; chunk += line.size()) {
      asio::write(client, asio::buffer(line), ec);
      if (!ec) written += line.size();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    std::error_code read_error;
    client.read_some(asio::buffer(sink), read_error);
    closed = ec || (read_error && read_error != asio::error::would_block);
  }
  EXPECT_TRUE(closed) << "still connected after " << written << " bytes";
  EXPECT_LT(written, 2 * sip::SipLimits::kMaxHeadSize);
  ASSERT_TRUE(mcu_.WaitFor("security transport-violation", 1, std::chrono::seconds(5))) << mcu_.EventsText();
  auto events = mcu_.SecurityEvents();
  EXPECT_EQ(events.back().source.address, asio::ip::make_address("127.0.0.1"));
  std::cout << "endless header: cut after " << written << " bytes written by the peer" << std::endl;
}

}  // namespace
}  // namespace softmcu::interop
