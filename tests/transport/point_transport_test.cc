#include "transport/point_transport.h"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "core/event_loop.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "transport/srtp/sdes_key.h"

namespace softmcu {
namespace {

const auto kLoopback = asio::ip::make_address("127.0.0.1");

class Events : public PointTransportListener {
 public:
  void OnPointFrame(MediaKind kind, const JitterBufferFrame& frame) override {
    frames.push_back(frame.rtp_timestamp);
    lost_before += frame.lost_frames_before;
  }
  void OnPointKeyframeRequested(MediaKind kind) override { ++keyframe_requests; }
  void OnPointBitrateLimit(MediaKind kind, DataRate limit) override { limits.push_back(limit); }
  std::vector<uint32_t> frames;
  int lost_before = 0;
  int keyframe_requests = 0;
  std::vector<DataRate> limits;
};

// Sits between the two points on loopback and forwards both ways; `drop` decides, per
// datagram from the terminal, whether the network loses it.
class Relay final : public UdpSocketListener {
 public:
  Relay(asio::io_context& context, PacketBufferPool* pool, const Clock* clock)
      : socket_(std::move(*UdpSocket::Bind(context, {kLoopback, 0}))) {
    socket_->StartReceiving(this, pool, clock);
  }
  void OnUdpSocketPacket(UdpSocket&, PacketBuffer p, const asio::ip::udp::endpoint& from,
                         Timestamp) override {
    if (from == terminal) {
      bool rtcp = RtpPacketView::LooksLikeRtcp(p.span());
      if (!rtcp && drop && drop(rtp_from_terminal++)) return;
      socket_->SendTo(p.span(), mcu);
    } else {
      socket_->SendTo(p.span(), terminal);
    }
  }
  asio::ip::udp::endpoint endpoint() const { return socket_->local_endpoint(); }
  asio::ip::udp::endpoint terminal, mcu;
  std::function<bool(int)> drop;
  int rtp_from_terminal = 0;

 private:
  std::unique_ptr<UdpSocket> socket_;
};

class PointTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    relay_ = std::make_unique<Relay>(loop_.context(), &pool_, &clock_);
    mcu_ = MakePoint("mcu", &mcu_events_, mcu_budget_);
    terminal_ = MakePoint("terminal", &terminal_events_, PolicerConfig{});
    auto mcu_key = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    auto terminal_key = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    auto mcu_socket = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    auto terminal_socket = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    relay_->mcu = mcu_socket->local_endpoint();
    relay_->terminal = terminal_socket->local_endpoint();
    ASSERT_TRUE(mcu_->AddStream(StreamSetup(std::move(mcu_socket), 0x111, mcu_key, terminal_key)));
    ASSERT_TRUE(terminal_->AddStream(StreamSetup(std::move(terminal_socket), 0x222, terminal_key, mcu_key)));
  }

  std::unique_ptr<PointTransport> MakePoint(const char* name, Events* events, PolicerConfig budget) {
    PointTransportConfig config;
    config.point_name = name;
    config.policer = budget;
    return std::make_unique<PointTransport>(config, events, &pool_, &clock_);
  }
  MediaStreamSetup StreamSetup(std::unique_ptr<UdpSocket> socket, uint32_t ssrc, const SdesKey& ours,
                         const SdesKey& theirs) {
    MediaStreamSetup s;
    s.kind = MediaKind::kVideo;
    s.sockets.rtp = std::move(socket);
    s.local_ssrc = ssrc;
    s.remote_rtp = relay_->endpoint();
    s.srtp_outbound =
        *SrtpSession::Create(SrtpSession::Direction::kOutbound, ours.suite(), ours.key_and_salt());
    s.srtp_inbound = *SrtpSession::Create(SrtpSession::Direction::kInbound, theirs.suite(),
                                          theirs.key_and_salt(), {.replay_window = 1024});
    return s;
  }

  // A video frame of `packets` RTP packets from the terminal.
  void TerminalSendsFrame(int packets) {
    for (int i = 0; i < packets; ++i) {
      PacketBuffer b = pool_.Acquire();
      RtpPacketBuilder builder;
      builder.SetPayloadType(96).SetSsrc(0x222).SetSequenceNumber(next_seq_++).SetTimestamp(next_ts_);
      builder.SetMarker(i == packets - 1);
      std::vector<uint8_t> payload(1000, uint8_t(i));
      b.set_size(*builder.Write(payload, b.storage()));
      ASSERT_TRUE(terminal_->SendRtp(MediaKind::kVideo, std::move(b)));
    }
    next_ts_ += 3000;
  }

  // Advances simulated time in 1 ms steps, letting real loopback I/O happen in between.
  void Run(TimeDelta duration, std::function<void()> each_33ms = nullptr) {
    for (int64_t ms = 0; ms < duration.ms(); ++ms) {
      if (each_33ms && ms % 33 == 0) each_33ms();
      mcu_->Process();
      terminal_->Process();
      // Loopback delivery completes inside sendto(), so polling (terminal → relay → MCU is
      // two hops) is enough; a timed wait would sleep ≥ 1 ms in epoll per step.
      for (int hop = 0; hop < 3; ++hop) loop_.context().poll();
      clock_.Advance(TimeDelta::Millis(1));
    }
  }

  EventLoop loop_;
  SimulatedClock clock_;
  PacketBufferPool pool_{256, 4096};
  PolicerConfig mcu_budget_;
  Events mcu_events_, terminal_events_;
  std::unique_ptr<Relay> relay_;
  std::unique_ptr<PointTransport> mcu_, terminal_;
  uint16_t next_seq_ = 1000;
  uint32_t next_ts_ = 90000;
};

TEST_F(PointTransportTest, LostPacketIsNackedRetransmittedAndTheFrameArrivesWhole) {
  relay_->drop = [](int index) { return index == 20; };  // one packet, once
  int frames = 0;
  Run(TimeDelta::Seconds(2), [&] {
    if (frames < 30) TerminalSendsFrame(3), ++frames;
  });
  EXPECT_EQ(mcu_events_.frames.size(), 30u);
  EXPECT_EQ(mcu_events_.lost_before, 0);
  EXPECT_GE(mcu_->receive_stream(MediaKind::kVideo)->stats().nacks_sent, 1u);
  EXPECT_EQ(terminal_->send_stream(MediaKind::kVideo)->history()->stats().retransmitted, 1);
}

TEST_F(PointTransportTest, BothSidesMeasureRttFromReports) {
  Run(TimeDelta::Seconds(12), [&] { TerminalSendsFrame(1); });
  ASSERT_TRUE(terminal_->rtt(MediaKind::kVideo).has_value());
  EXPECT_LT(*terminal_->rtt(MediaKind::kVideo), TimeDelta::Millis(50));  // a few 1 ms steps
}

TEST_F(PointTransportTest, BudgetIsAnnouncedToTheTerminalWithTmmbrAndRemb) {
  mcu_budget_.rate = DataRate::KilobitsPerSec(1000);
  SetUp();  // rebuild with the smaller budget
  Run(TimeDelta::Millis(300), [&] { TerminalSendsFrame(1); });
  ASSERT_GE(terminal_events_.limits.size(), 2u);  // TMMBR and REMB
  for (auto limit : terminal_events_.limits) EXPECT_NEAR(limit.kbps(), 900, 1);
}

TEST_F(PointTransportTest, KeyframeRequestReachesTheTerminal) {
  Run(TimeDelta::Millis(100), [&] { TerminalSendsFrame(1); });
  int at_join = terminal_events_.keyframe_requests;
  EXPECT_EQ(at_join, 1);  // a new video source is asked for an IDR at once
  mcu_->RequestKeyframe(MediaKind::kVideo);
  Run(TimeDelta::Millis(400), [&] { TerminalSendsFrame(1); });
  EXPECT_EQ(terminal_events_.keyframe_requests, at_join + 1);
}

TEST_F(PointTransportTest, OutboundTrafficIsPacedToTheBudget) {
  // 200 kB at once (a keyframe burst) to a point with a 4 Mbps budget.
  for (int i = 0; i < 50; ++i) TerminalSendsFrame(4);
  EXPECT_GT(terminal_->pacer().queued_packets(), 100u);
  Run(TimeDelta::Millis(200));
  // 200 ms at 4 Mbps is 100 kB: about half has left, not all.
  const auto& stats = terminal_->pacer().stats();
  EXPECT_LE(stats.sent_bytes, 100'000u + 6'000u + 2'000u);
  EXPECT_GE(stats.sent_bytes, 90'000u);
}

// Work that is due is due at the caller's `now`: the transport must not read the clock
// again (a microsecond later, "now >= NextProcessTime()" was false and a busy point's pacer
// ran only now and then).
TEST_F(PointTransportTest, NextProcessTimeIsTheCallersNowWhenWorkIsDue) {
  for (int i = 0; i < 20; ++i) TerminalSendsFrame(4);  // more than the pacer's burst
  const Timestamp now = clock_.Now() + TimeDelta::Millis(50);
  EXPECT_EQ(terminal_->NextProcessTime(now), now);
  terminal_->Process();
  EXPECT_GT(terminal_->pacer().stats().sent_packets, 0u);
}

// A NACK repeated while its retransmission waits behind a keyframe in the pacer is not
// answered again: before, each repeat (every RTT, a few ms here) queued another copy, and
// on a point whose queue was already long the copies kept it long.
TEST_F(PointTransportTest, RepeatedNacksDoNotQueueTheSameRetransmissionAgain) {
  relay_->drop = [](int index) { return index == 2; };  // leaves first, lost
  // An 80 kB keyframe: ~160 ms in the 4 Mbps pacer, past the MCU's NACK retry (its RTT
  // estimate is still the 100 ms default), short of the 200 ms refusal.
  TerminalSendsFrame(80);
  int frames = 1;
  Run(TimeDelta::Millis(600), [&] {
    if (frames < 12) TerminalSendsFrame(1), ++frames;
  });
  EXPECT_EQ(mcu_events_.frames.size(), 12u);
  EXPECT_EQ(mcu_events_.lost_before, 0);
  EXPECT_GE(mcu_->receive_stream(MediaKind::kVideo)->stats().nacks_sent, 2u) << "the MCU repeated its NACK";
  EXPECT_EQ(terminal_->send_stream(MediaKind::kVideo)->history()->stats().retransmitted, 1);
  EXPECT_EQ(terminal_->retransmissions_refused(), 0u);
}

// With more than 200 ms queued a retransmission would arrive after the receiver gave the
// packet up; it is refused (and counted) rather than deepening the queue.
TEST_F(PointTransportTest, NacksAreNotAnsweredWhileThePacerQueueIsLong) {
  relay_->drop = [](int index) { return index == 2; };
  for (int i = 0; i < 50; ++i) TerminalSendsFrame(4);  // 200 kB: 400 ms at 4 Mbps
  Run(TimeDelta::Millis(150));
  EXPECT_GE(terminal_->retransmissions_refused(), 1u);
  EXPECT_EQ(terminal_->send_stream(MediaKind::kVideo)->history()->stats().retransmitted, 0);
}

}  // namespace
}  // namespace softmcu
