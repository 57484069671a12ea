#include "transport/point_metrics.h"

#include <gtest/gtest.h>

#include "core/event_loop.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

class NoEvents : public PointTransportListener {
  void OnPointFrame(MediaKind, const JitterBufferFrame&) override {}
  void OnPointKeyframeRequested(MediaKind) override {}
  void OnPointBitrateLimit(MediaKind, DataRate) override {}
};

TEST(PointMetrics, PublishesDropsByReasonWithThePointsLabels) {
  EventLoop loop;
  SimulatedClock clock;
  PacketBufferPool pool(16, 64);
  NoEvents events;
  PointTransport point({.point_name = "xa-a"}, &events, &pool, &clock);
  const auto loopback = asio::ip::make_address("127.0.0.1");
  auto sender = std::move(*UdpSocket::Bind(loop.context(), {loopback, 0}));
  MediaStreamSetup setup;
  setup.kind = MediaKind::kAudio;
  setup.sockets.rtp = std::move(*UdpSocket::Bind(loop.context(), {loopback, 0}));
  setup.remote_rtp = sender->local_endpoint();
  const auto target = setup.sockets.rtp->local_endpoint();
  ASSERT_TRUE(point.AddStream(std::move(setup)));  // SRTP required, no keys: drops

  std::vector<uint8_t> rtp(100);
  RtpPacketBuilder b;
  rtp.resize(*b.Write(std::vector<uint8_t>(20), rtp));
  for (int i = 0; i < 3; ++i) sender->SendTo(rtp, target);
  for (int i = 0; i < 10; ++i) loop.context().poll();

  MetricsRegistry registry;
  {
    PointMetrics metrics(&registry, {{"room", "1000"}, {"point", "xa-a"}});
    metrics.Publish(point);
    metrics.Publish(point);  // publishing twice must not count twice
    std::string text = registry.RenderPrometheus();
    EXPECT_NE(
        text.find(
            "softmcu_rtp_dropped_total{room=\"1000\",point=\"xa-a\",media=\"audio\",reason=\"no_keys\"} 3"),
        std::string::npos)
        << text;
  }
  EXPECT_EQ(registry.RenderPrometheus().find("xa-a"), std::string::npos);  // removed with the point
}

}  // namespace
}  // namespace softmcu
