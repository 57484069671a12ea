#include "signaling/transport/sip_transport_layer.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <gtest/gtest.h>

#include "core/event_loop.h"
#include "signaling/sip/sip_limits.h"
#include "signaling/tls/self_signed_certificate.h"
#include "tests/signaling/sip/sip_test_util.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::sip {
namespace {

using sip::testing::Crlf;

const auto kLoopback = asio::ip::make_address("127.0.0.1");

class Collector : public SipTransportListener {
 public:
  void OnSipTransportMessage(IncomingMessage message) override { messages.push_back(std::move(message)); }
  void OnSipTransportParseError(const TransportAddress& source, ConnectionId, const SipError& error) override {
    parse_errors.push_back(error);
  }
  void OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) override {
    failures.push_back(destination);
  }
  void OnSipTransportViolation(const TransportAddress& source, std::string_view what) override {
    violations.push_back(std::string(what));
  }
  std::vector<IncomingMessage> messages;
  std::vector<SipError> parse_errors;
  std::vector<TransportAddress> failures;
  std::vector<std::string> violations;
};

// Two transport layers on one loop, on loopback with ephemeral ports. These tests use real
// sockets, so they run the loop until something happens, bounded by a few seconds.
class SipTransportLayerTest : public ::testing::Test {
 protected:
  SipTransportLayerTest() : SipTransportLayerTest(SipTransportConfig{}) {}
  explicit SipTransportLayerTest(const SipTransportConfig& config)
      : timers_(SystemClock::Instance()),
        a_(loop_.context(), &timers_, SystemClock::Instance(), config, &a_events_),
        b_(loop_.context(), &timers_, SystemClock::Instance(), config, &b_events_) {}

  bool RunUntil(const std::function<bool()>& done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      loop_.context().run_one_for(std::chrono::milliseconds(10));
      timers_.RunDue();
    }
    return true;
  }

  TransportAddress Listen(SipTransportLayer& layer, TransportKind kind) {
    auto bound = layer.Listen({kind, kLoopback, 0});
    EXPECT_TRUE(bound) << (bound ? "" : bound.error().message);
    return bound ? *bound : TransportAddress{};
  }

  static std::string Options(std::string_view transport) {
    std::string text(Crlf(sip::testing::kInvite));
    text.replace(0, 6, "OPTIONS");
    text.replace(text.find("314159 INVITE"), 13, "314159 OPTIONS");
    text.replace(text.find("SIP/2.0/UDP"), 11, "SIP/2.0/" + std::string(transport));
    return text;
  }

  EventLoop loop_;
  TimerQueue timers_;
  Collector a_events_, b_events_;
  SipTransportLayer a_, b_;
};

TEST_F(SipTransportLayerTest, UdpDeliversMessagesWithTheirSource) {
  const TransportAddress a = Listen(a_, TransportKind::kUdp);
  const TransportAddress b = Listen(b_, TransportKind::kUdp);
  a_.SendSip({b, 0}, Options("UDP"));
  ASSERT_TRUE(RunUntil([&] { return !b_events_.messages.empty(); }));
  EXPECT_EQ(b_events_.messages[0].source, a);  // sent from the listening socket
  EXPECT_EQ(b_events_.messages[0].message.Method(), "OPTIONS");
  EXPECT_EQ(a_.SentBy(TransportKind::kUdp), a.HostPort());
}

TEST_F(SipTransportLayerTest, UdpGarbageIsReportedAndKeepAlivesIgnored) {
  Listen(a_, TransportKind::kUdp);
  const TransportAddress b = Listen(b_, TransportKind::kUdp);
  a_.SendSip({b, 0}, "\r\n\r\n");
  a_.SendSip({b, 0}, "this is not SIP\r\n\r\n");
  ASSERT_TRUE(RunUntil([&] { return !b_events_.parse_errors.empty(); }));
  EXPECT_EQ(b_.stats().keepalives_received, 1u);
  EXPECT_TRUE(b_events_.messages.empty());
}

TEST_F(SipTransportLayerTest, TcpConnectsOnDemandAndAnswersOnTheSameConnection) {
  Listen(a_, TransportKind::kTcp);
  const TransportAddress b = Listen(b_, TransportKind::kTcp);
  a_.SendSip({b, 0}, Options("TCP"));
  a_.SendSip({b, 0}, Options("TCP"));  // queued behind the connect, same connection
  ASSERT_TRUE(RunUntil([&] { return b_events_.messages.size() == 2; }));
  EXPECT_EQ(a_.connection_count(), 1u);
  const IncomingMessage& in = b_events_.messages[0];
  EXPECT_EQ(in.source.kind, TransportKind::kTcp);
  EXPECT_NE(in.connection, 0u);
  // The answer goes back over the connection the request came on (§18.2.2).
  b_.SendSip({in.source, in.connection}, Options("TCP"));
  ASSERT_TRUE(RunUntil([&] { return !a_events_.messages.empty(); }));
  EXPECT_EQ(b_.connection_count(), 1u);
  EXPECT_EQ(a_.stats().connections_accepted, 0u);
}

TEST_F(SipTransportLayerTest, TcpConnectFailureIsReportedForTheDestination) {
  const TransportAddress b = Listen(b_, TransportKind::kTcp);
  b_.Shutdown();
  a_.SendSip({b, 0}, Options("TCP"));
  ASSERT_TRUE(RunUntil([&] { return !a_events_.failures.empty(); }));
  EXPECT_EQ(a_events_.failures[0], b);
}

TEST_F(SipTransportLayerTest, DoubleCrlfPingGetsACrlfPong) {
  const TransportAddress b = Listen(b_, TransportKind::kTcp);
  asio::ip::tcp::socket client(loop_.context());
  client.connect(b.TcpEndpoint());
  asio::write(client, asio::buffer(std::string("\r\n\r\n")));
  std::string pong(2, '\0');
  bool got = false;
  asio::async_read(client, asio::buffer(pong), [&](const std::error_code& ec, size_t) { got = !ec; });
  ASSERT_TRUE(RunUntil([&] { return got; }));
  EXPECT_EQ(pong, "\r\n");
}

TEST_F(SipTransportLayerTest, EndlessHeaderIsCutAtTheLimitAndReported) {
  const TransportAddress b = Listen(b_, TransportKind::kTcp);
  asio::ip::tcp::socket client(loop_.context());
  client.connect(b.TcpEndpoint());
  asio::write(client, asio::buffer(std::string("INVITE sip:1000@127.0.0.1 SIP/2.0\r\n")));
  const std::string line = "X-Filler: " + std::string(100, 'a') + "\r\n";
  std::error_code ec;
  size_t written = 0;
  bool closed = false;
  // Keep writing header lines until the server hangs up; it must do so near the limit.
  std::array<char, 64> sink{};
  client.async_read_some(asio::buffer(sink), [&](const std::error_code& e, size_t) { closed = static_cast<bool>(e); });
  while (!closed && written < 10 * SipLimits::kMaxHeadSize) {
    asio::write(client, asio::buffer(line), ec);
    if (ec) break;
    written += line.size();
    loop_.context().poll();
  }
  ASSERT_TRUE(RunUntil([&] { return closed; }));
  EXPECT_LT(written, 4 * SipLimits::kMaxHeadSize);
  ASSERT_EQ(b_events_.violations.size(), 1u);
  EXPECT_EQ(b_.stats().violations, 1u);
  EXPECT_EQ(b_.connection_count(), 0u);
}

TEST_F(SipTransportLayerTest, TlsWithTheSelfSignedCertificate) {
  sip::testing::TempDir dir;
  ASSERT_TRUE(SelfSignedCertificate::Generate({}, dir.File("c.pem"), dir.File("k.pem")));
  SipTransportConfig config;
  config.tls = {dir.File("c.pem"), dir.File("k.pem"), "", false};
  Collector server_events, client_events;
  SipTransportLayer server(loop_.context(), &timers_, SystemClock::Instance(), config, &server_events);
  SipTransportLayer client(loop_.context(), &timers_, SystemClock::Instance(), {}, &client_events);
  auto bound = server.Listen({TransportKind::kTls, kLoopback, 0});
  ASSERT_TRUE(bound) << bound.error().message;
  client.SendSip({*bound, 0}, Options("TLS"));
  ASSERT_TRUE(RunUntil([&] { return !server_events.messages.empty(); }));
  const IncomingMessage& in = server_events.messages[0];
  EXPECT_EQ(in.source.kind, TransportKind::kTls);
  server.SendSip({in.source, in.connection}, Options("TLS"));
  ASSERT_TRUE(RunUntil([&] { return !client_events.messages.empty(); }));
}

TEST_F(SipTransportLayerTest, TlsListenerWithoutCertificateFailsWithAMessage) {
  auto bound = a_.Listen({TransportKind::kTls, kLoopback, 0});
  ASSERT_FALSE(bound);
  EXPECT_NE(bound.error().message.find("certificate"), std::string::npos);
}

class LimitedTransportTest : public SipTransportLayerTest {
 protected:
  LimitedTransportTest() : SipTransportLayerTest(SipTransportConfig{.max_connections_per_source = 2}) {}
};

TEST_F(LimitedTransportTest, ConnectionsPerSourceAreCapped) {
  const TransportAddress b = Listen(b_, TransportKind::kTcp);
  std::vector<std::unique_ptr<asio::ip::tcp::socket>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<asio::ip::tcp::socket>(loop_.context()));
    clients.back()->connect(b.TcpEndpoint());
  }
  ASSERT_TRUE(RunUntil([&] { return b_.stats().connections_refused == 1; }));
  EXPECT_EQ(b_.stats().connections_accepted, 2u);
  EXPECT_EQ(b_events_.violations.size(), 1u);
}

// Idle and slow connections, on simulated time.
TEST(SipTransportLayerTimeouts, IdleAndSlowConnectionsAreClosed) {
  EventLoop loop;
  SimulatedClock clock;
  TimerQueue timers(&clock);
  Collector events;
  SipTransportLayer layer(loop.context(), &timers, &clock, {}, &events);
  auto bound = layer.Listen({TransportKind::kTcp, kLoopback, 0});
  ASSERT_TRUE(bound);
  asio::ip::tcp::socket idle(loop.context()), slow(loop.context());
  idle.connect(bound->TcpEndpoint());
  slow.connect(bound->TcpEndpoint());
  asio::write(slow, asio::buffer(std::string("INVITE sip:1000@127.0.0.1 SIP/2.0\r\nVia: ")));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (layer.stats().connections_accepted < 2 && std::chrono::steady_clock::now() < deadline)
    loop.context().run_one_for(std::chrono::milliseconds(10));
  for (int i = 0; i < 20; ++i) loop.context().run_one_for(std::chrono::milliseconds(5));  // the partial header arrives
  ASSERT_EQ(layer.connection_count(), 2u);
  clock.Advance(TimeDelta::Seconds(31));  // partial_message_timeout 30 s
  timers.RunDue();
  EXPECT_EQ(layer.connection_count(), 1u);
  EXPECT_EQ(events.violations.size(), 1u);
  clock.Advance(TimeDelta::Seconds(1200));  // idle_timeout
  timers.RunDue();
  EXPECT_EQ(layer.connection_count(), 0u);
}

}  // namespace
}  // namespace softmcu::sip
