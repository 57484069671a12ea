#include "transport/net/udp_socket.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "core/event_loop.h"
#include "transport/net/port_allocator.h"

namespace softmcu {
namespace {

const auto kLoopback = asio::ip::make_address("127.0.0.1");

class Collector : public UdpSocketListener {
 public:
  void OnUdpSocketPacket(UdpSocket&, PacketBuffer packet, const asio::ip::udp::endpoint& from,
                         Timestamp) override {
    last_size = packet.size();
    last_first_byte = packet.data()[0];
    last_from = from;
    ++count;
  }
  size_t last_size = 0;
  uint8_t last_first_byte = 0;
  asio::ip::udp::endpoint last_from;
  int count = 0;
};

TEST(UdpSocket, DeliversDatagramsIntoPooledBuffers) {
  EventLoop loop;
  PacketBufferPool pool(4, 4);
  auto rx = UdpSocket::Bind(loop.context(), {kLoopback, 0});
  auto tx = UdpSocket::Bind(loop.context(), {kLoopback, 0});
  ASSERT_TRUE(rx && tx);
  Collector collector;
  (*rx)->StartReceiving(&collector, &pool, SystemClock::Instance());
  const uint8_t datagram[] = {0x80, 1, 2, 3, 4};
  ASSERT_TRUE((*tx)->SendTo(datagram, (*rx)->local_endpoint()));
  while (collector.count == 0) loop.context().run_one();
  EXPECT_EQ(collector.last_size, 5u);
  EXPECT_EQ(collector.last_first_byte, 0x80);
  EXPECT_EQ(collector.last_from, (*tx)->local_endpoint());
  EXPECT_EQ(pool.in_use(), 1u);  // the next receive's buffer; the delivered one went back
}

TEST(UdpSocket, BindingATakenPortFailsWithAMessage) {
  EventLoop loop;
  auto a = UdpSocket::Bind(loop.context(), {kLoopback, 0});
  ASSERT_TRUE(a);
  auto b = UdpSocket::Bind(loop.context(), (*a)->local_endpoint());
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(b.error().message.find("cannot bind UDP 127.0.0.1:"), std::string::npos);
}

class PortAllocatorTest : public ::testing::Test {
 protected:
  // A range unlikely to collide with other tests running in parallel.
  static constexpr uint16_t kMin = 41000;
  EventLoop loop_;
};

TEST_F(PortAllocatorTest, GivesEvenRtpAndOddRtcpPortsInRange) {
  PortAllocator ports(kLoopback, kMin + 1, kMin + 20);
  auto pair = ports.Allocate(loop_.context(), MediaKind::kVideo, RtcpMux::kSeparatePort);
  ASSERT_TRUE(pair) << pair.error().message;
  uint16_t rtp = pair->rtp->local_endpoint().port();
  EXPECT_EQ(rtp % 2, 0);
  EXPECT_GE(rtp, kMin + 2);
  EXPECT_LE(rtp, kMin + 20);
  ASSERT_NE(pair->rtcp, nullptr);
  EXPECT_EQ(pair->rtcp->local_endpoint().port(), rtp + 1);
}

TEST_F(PortAllocatorTest, MuxedStreamUsesOneSocket) {
  PortAllocator ports(kLoopback, kMin + 30, kMin + 40);
  auto pair = ports.Allocate(loop_.context(), MediaKind::kAudio, RtcpMux::kMuxed);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->rtcp, nullptr);
}

TEST_F(PortAllocatorTest, ExhaustedRangeSaysWhatToDo) {
  PortAllocator ports(kLoopback, kMin + 50, kMin + 53);  // two pairs
  std::vector<RtpSocketPair> held;
  for (int i = 0; i < 2; ++i) {
    auto p = ports.Allocate(loop_.context(), MediaKind::kVideo, RtcpMux::kSeparatePort);
    ASSERT_TRUE(p) << i;
    held.push_back(std::move(*p));
  }
  auto third = ports.Allocate(loop_.context(), MediaKind::kVideo, RtcpMux::kSeparatePort);
  ASSERT_FALSE(third);
  EXPECT_NE(third.error().message.find("widen media.port_range"), std::string::npos);
}

TEST_F(PortAllocatorTest, MarksAudioEfAndVideoAf41) {
  PortAllocator ports(kLoopback, kMin + 60, kMin + 80);
  for (auto [kind, tos] : {std::pair{MediaKind::kAudio, 46 << 2}, std::pair{MediaKind::kVideo, 34 << 2}}) {
    auto pair = ports.Allocate(loop_.context(), kind, RtcpMux::kSeparatePort);
    ASSERT_TRUE(pair);
    for (UdpSocket* s : {pair->rtp.get(), pair->rtcp.get()}) {
      int value = -1;
      socklen_t len = sizeof value;
      ASSERT_EQ(getsockopt(s->native_handle(), IPPROTO_IP, IP_TOS, &value, &len), 0);
      EXPECT_EQ(value, tos) << "port " << s->local_endpoint().port();
    }
  }
}

}  // namespace
}  // namespace softmcu
