#include "transport/point_metrics.h"

#include <gtest/gtest.h>

#include "core/event_loop.h"
#include "transport/srtp/sdes_key.h"
#include "transport/srtp/srtp_session.h"
#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

class NoEvents : public PointTransportListener {
  void OnPointFrame(MediaKind, const JitterBufferFrame&) override {}
  void OnPointKeyframeRequested(MediaKind) override {}
  void OnPointBitrateLimit(MediaKind, DataRate) override {}
};

// One point with one audio stream whose peer is `sender_`, on a real loopback socket.
class PointMetricsTest : public ::testing::Test {
 protected:
  // Without a key the stream requires SRTP and has none (everything is dropped: no keys);
  // with one, plain RTP from the sender fails authentication.
  void AddAudioStream(const SdesKey* key) {
    const auto loopback = asio::ip::make_address("127.0.0.1");
    sender_ = std::move(*UdpSocket::Bind(loop_.context(), {loopback, 0}));
    MediaStreamSetup setup;
    setup.kind = MediaKind::kAudio;
    setup.sockets.rtp = std::move(*UdpSocket::Bind(loop_.context(), {loopback, 0}));
    setup.remote_rtp = sender_->local_endpoint();
    if (key != nullptr) {
      setup.srtp_inbound =
          std::move(*SrtpSession::Create(SrtpSession::Direction::kInbound, key->suite(), key->key_and_salt()));
      setup.srtp_outbound =
          std::move(*SrtpSession::Create(SrtpSession::Direction::kOutbound, key->suite(), key->key_and_salt()));
    }
    target_ = setup.sockets.rtp->local_endpoint();
    ASSERT_TRUE(point_.AddStream(std::move(setup)));
  }
  // Sends `count` plain RTP packets and runs the loop until `reason` counted them all.
  void SendPlainRtp(int count, size_t payload_size, DropReason reason) {
    RtpPacketBuilder b;
    for (int i = 0; i < count; ++i) {
      std::vector<uint8_t> rtp(payload_size + 100);
      b.SetSequenceNumber(static_cast<uint16_t>(i));
      rtp.resize(*b.Write(std::vector<uint8_t>(payload_size, 0x55), rtp));
      sender_->SendTo(rtp, target_);
    }
    const MediaTransport* transport = point_.transport(MediaKind::kAudio);
    for (int i = 0; i < 100 && transport->drop_count(reason) < static_cast<uint64_t>(count); ++i)
      loop_.context().run_for(std::chrono::milliseconds(10));
    ASSERT_EQ(transport->drop_count(reason), static_cast<uint64_t>(count));
  }

  EventLoop loop_;
  SimulatedClock clock_;
  PacketBufferPool pool_{16, 64};
  NoEvents events_;
  PointTransport point_{{.point_name = "xa-a"}, &events_, &pool_, &clock_};
  std::unique_ptr<UdpSocket> sender_;
  asio::ip::udp::endpoint target_;
};

TEST_F(PointMetricsTest, PublishesDropsByReasonWithThePointsLabels) {
  AddAudioStream(nullptr);  // SRTP required, no keys: drops
  SendPlainRtp(3, 20, DropReason::kNoKeys);

  MetricsRegistry registry;
  {
    PointMetrics metrics(&registry, {{"room", "1000"}, {"point", "xa-a"}});
    metrics.Publish(point_);
    metrics.Publish(point_);  // publishing twice must not count twice
    std::string text = registry.RenderPrometheus();
    EXPECT_NE(
        text.find(
            "softmcu_rtp_dropped_total{room=\"1000\",point=\"xa-a\",media=\"audio\",reason=\"no_keys\"} 3"),
        std::string::npos)
        << text;
  }
  EXPECT_EQ(registry.RenderPrometheus().find("xa-a"), std::string::npos);  // removed with the point
}

class RecordingSink : public SecurityAlarmSink {
 public:
  void OnSecurityAlarm(const PointSecurityAlarm& alarm) override { alarms.push_back(alarm); }
  std::vector<PointSecurityAlarm> alarms;
};

// Plain RTP from the point's own address into an SRTP stream fails authentication: after
// one alarm interval with more failures than the threshold, the alarm is raised once, with
// the point's labels and address, in /metrics and at the sink.
TEST_F(PointMetricsTest, RaisesASecurityAlarmOnSrtpAuthenticationFailures) {
  const SdesKey key = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
  AddAudioStream(&key);
  MetricsRegistry registry;
  RecordingSink sink;
  PointMetrics metrics(&registry, {{"room", "1000"}, {"point", "xa-a"}});
  metrics.EnableSecurityAlarms({.interval = TimeDelta::Seconds(10), .auth_failures_threshold = 20}, &sink);
  metrics.Publish(point_);
  SendPlainRtp(25, 100, DropReason::kAuthFailed);

  clock_.Advance(TimeDelta::Seconds(5));
  metrics.Publish(point_);
  EXPECT_TRUE(sink.alarms.empty()) << "the window has not ended";
  clock_.Advance(TimeDelta::Seconds(5));
  metrics.Publish(point_);
  ASSERT_EQ(sink.alarms.size(), 1u);
  const PointSecurityAlarm& alarm = sink.alarms[0];
  EXPECT_EQ(alarm.event.kind, SecurityAlarmKind::kSrtpAuthFailures);
  EXPECT_EQ(alarm.event.state, SecurityAlarmState::kRaised);
  EXPECT_EQ(alarm.event.count, 25u);
  EXPECT_EQ(alarm.source, "127.0.0.1:" + std::to_string(sender_->local_endpoint().port()));
  EXPECT_EQ(alarm.Target(), "room 1000 point xa-a");
  const std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("softmcu_security_alarms_total{room=\"1000\",point=\"xa-a\",kind=\"srtp_auth_failures\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("softmcu_security_alarm_active{room=\"1000\",point=\"xa-a\",kind=\"srtp_auth_failures\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("softmcu_security_alarm_active{room=\"1000\",point=\"xa-a\",kind=\"policer_drops\"} 0"),
            std::string::npos)
      << text;

  clock_.Advance(TimeDelta::Seconds(10));  // a quiet window clears it
  metrics.Publish(point_);
  ASSERT_EQ(sink.alarms.size(), 2u);
  EXPECT_EQ(sink.alarms[1].event.state, SecurityAlarmState::kCleared);
  EXPECT_NE(registry.RenderPrometheus().find(
                "softmcu_security_alarm_active{room=\"1000\",point=\"xa-a\",kind=\"srtp_auth_failures\"} 0"),
            std::string::npos);
}

}  // namespace
}  // namespace softmcu
