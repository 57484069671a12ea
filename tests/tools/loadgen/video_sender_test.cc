// VideoSender against a plain-RTP sink on loopback: what goes on the wire per frame, and how
// it answers keyframe requests and bitrate limits like a terminal.
#include "tools/loadgen/video_sender.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/event_loop.h"
#include "media/h264/h264_depacketizer.h"
#include "tests/tools/loadgen/loadgen_test_util.h"
#include "transport/net/udp_socket.h"

namespace softmcu::loadgen {
namespace {

using testing::SmallMaterial;

const auto kLoopback = asio::ip::make_address("127.0.0.1");

struct Received {
  uint16_t seq;
  uint32_t timestamp;
  bool marker;
  uint8_t payload_type;
  uint32_t ssrc;
};

class Sink : public UdpSocketListener, public H264Depacketizer::Listener {
 public:
  void OnUdpSocketPacket(UdpSocket&, PacketBuffer packet, const asio::ip::udp::endpoint&, Timestamp) override {
    auto rtp = RtpPacketView::Parse(packet.span());
    ASSERT_TRUE(rtp.has_value());
    packets.push_back({rtp->sequence_number(), rtp->timestamp(), rtp->marker(), rtp->payload_type(), rtp->ssrc()});
    depacketizer.InsertPacket(*rtp);
  }
  void OnH264DepacketizerAccessUnit(const H264Depacketizer::AccessUnit& au) override { keyframes.push_back(au.is_keyframe); }
  std::vector<Received> packets;
  std::vector<bool> keyframes;  // per access unit delivered
  H264Depacketizer depacketizer{{}, *this};
};

class Events : public PointTransportListener {
  void OnPointFrame(MediaKind, const JitterBufferFrame&) override {}
  void OnPointKeyframeRequested(MediaKind) override {}
  void OnPointBitrateLimit(MediaKind, DataRate) override {}
};

class VideoSenderTest : public ::testing::Test {
 protected:
  VideoSenderTest() : resources_(loop_.context(), &clock_, &SmallMaterial(), nullptr, &directory_) {
    sink_socket_ = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    sink_socket_->StartReceiving(&sink_, &resources_.pool, &clock_);
    PointTransportConfig config;
    config.policer.rate = PolicerConfig::kMaxRate;
    transport_ = std::make_unique<PointTransport>(config, &events_, &resources_.pool, &clock_);
    MediaStreamSetup setup;
    setup.kind = MediaKind::kVideo;
    setup.sockets.rtp = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    setup.local_ssrc = 0xabc;
    setup.srtp_required = false;
    setup.remote_rtp = sink_socket_->local_endpoint();
    EXPECT_TRUE(transport_->AddStream(std::move(setup)).has_value());
    sender_ = std::make_unique<VideoSender>(VideoSender::Config{.endpoint_id = 3,
                                                                .ssrc = 0xabc,
                                                                .payload_type = 97,
                                                                .rendition = 0,
                                                                .start_frame = 2,
                                                                .first_rtp_timestamp = 1000,
                                                                .first_sequence_number = 65530},
                                            &resources_, directory_.log(3), clock_.Now());
  }

  // Sends the next frame and lets all of it through the pacer to the sink.
  void Frame() {
    clock_.SetTo(sender_->next_frame_time());
    sender_->SendDue(clock_.Now(), *transport_);
    for (int ms = 0; ms < 30; ++ms) {
      transport_->Process();
      for (int i = 0; i < 3; ++i) loop_.context().poll();
      clock_.Advance(TimeDelta::Millis(1));
    }
  }

  EventLoop loop_;
  SimulatedClock clock_;
  EndpointDirectory directory_{4, true};
  LoopResources resources_;
  Sink sink_;
  Events events_;
  std::unique_ptr<UdpSocket> sink_socket_;
  std::unique_ptr<PointTransport> transport_;
  std::unique_ptr<VideoSender> sender_;
};

TEST_F(VideoSenderTest, SendsWholeAccessUnitsWithContinuousRtp) {
  for (int i = 0; i < 5; ++i) Frame();
  ASSERT_GT(sink_.packets.size(), 5u);
  uint16_t seq = 65530;
  for (const auto& p : sink_.packets) {
    EXPECT_EQ(p.seq, seq++) << "sequence numbers continue across the wrap";
    EXPECT_EQ(p.payload_type, 97);
    EXPECT_EQ(p.ssrc, 0xabcu);
  }
  EXPECT_TRUE(sink_.packets.back().marker);
  EXPECT_EQ(sink_.packets.back().timestamp, 1000u + 4 * 3000);
  ASSERT_EQ(sink_.keyframes.size(), 5u);
  EXPECT_TRUE(sink_.keyframes[0]) << "an endpoint starts on an IDR";
  EXPECT_FALSE(sink_.keyframes[1]);
  EXPECT_EQ(sink_.depacketizer.total_errors(), 0);
  EXPECT_EQ(directory_.log(3)->VideoFrameSent(4), sender_->next_frame_time() - SmallMaterial().frame_interval())
      << "every frame's send time is logged";
}

TEST_F(VideoSenderTest, AKeyframeRequestIsAnsweredByTheNextFrameButNotTwiceInARow) {
  Frame();  // IDR
  sender_->OnKeyframeRequested();  // right after an IDR: already answered
  Frame();
  Frame();
  sender_->OnKeyframeRequested();
  Frame();  // IDR
  sender_->OnKeyframeRequested();
  Frame();
  EXPECT_EQ(sink_.keyframes, (std::vector<bool>{true, false, false, true, false}));
  EXPECT_EQ(sender_->stats().keyframe_requests, 3u);
  EXPECT_EQ(sender_->stats().keyframes, 2u);
}

TEST_F(VideoSenderTest, ABitrateLimitSwitchesRenditionOnAnIdrAndBackUpWhenLifted) {
  Frame();
  Frame();
  sender_->OnBitrateLimit(DataRate::KilobitsPerSec(700));  // 640x360@600 fits
  Frame();
  EXPECT_EQ(sender_->rendition(), 1u);
  sender_->OnBitrateLimit(DataRate::KilobitsPerSec(700));  // the same limit again: nothing to do
  Frame();
  sender_->OnBitrateLimit(DataRate::KilobitsPerSec(50));  // nothing fits: the smallest
  Frame();
  EXPECT_EQ(sender_->rendition(), 2u);
  sender_->OnBitrateLimit(DataRate::KilobitsPerSec(5000));  // lifted: back to the configured one
  Frame();  // right after the switch IDR: waits a frame
  EXPECT_EQ(sender_->rendition(), 2u);
  Frame();
  EXPECT_EQ(sender_->rendition(), 0u);
  EXPECT_EQ(sender_->stats().rendition_switches, 3u);
  EXPECT_EQ(sink_.keyframes, (std::vector<bool>{true, false, true, false, true, false, true}));
  EXPECT_EQ(sink_.depacketizer.total_errors(), 0);
}

TEST_F(VideoSenderTest, AStalledLoopSkipsFramesInsteadOfBursting) {
  Frame();
  clock_.Advance(TimeDelta::Seconds(1));
  sender_->SendDue(clock_.Now(), *transport_);
  sender_->SendDue(clock_.Now(), *transport_);
  EXPECT_GT(sender_->stats().late_frames, 20u);
  EXPECT_LE(sender_->stats().frames, 3u) << "one frame now, maybe one more: not thirty";
  EXPECT_GT(sender_->next_frame_time(), clock_.Now() - SmallMaterial().frame_interval());
}

}  // namespace
}  // namespace softmcu::loadgen
