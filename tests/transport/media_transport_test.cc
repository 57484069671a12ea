#include "transport/media_transport.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>
#include <vector>

#include "core/event_loop.h"
#include "transport/rtp/rtp_packet_builder.h"
#include "transport/srtp/sdes_key.h"

namespace softmcu {
namespace {

const auto kLoopback = asio::ip::make_address("127.0.0.1");

class Received : public MediaTransportListener {
 public:
  void OnMediaTransportRtp(MediaTransport&, const RtpPacketView& p, Timestamp) override {
    seqs.push_back(p.sequence_number());
  }
  void OnMediaTransportRtcp(MediaTransport&, std::span<const uint8_t> c, Timestamp) override { ++rtcp; }
  std::vector<uint16_t> seqs;
  int rtcp = 0;
};

class Sink : public UdpSocketListener {
 public:
  void OnUdpSocketPacket(UdpSocket&, PacketBuffer p, const asio::ip::udp::endpoint&, Timestamp) override {
    packets.emplace_back(p.data(), p.data() + p.size());
  }
  std::vector<std::vector<uint8_t>> packets;
};

// One MCU-side MediaTransport and a "terminal": a bare socket with its own SRTP sessions.
class MediaTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    terminal_key_ = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    mcu_key_ = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
    terminal_ = std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0}));
    terminal_->StartReceiving(&terminal_sink_, &pool_, &clock_);
    terminal_out_ = std::move(*SrtpSession::Create(SrtpSession::Direction::kOutbound, terminal_key_.suite(),
                                                   terminal_key_.key_and_salt()));
  }

  void MakeTransport(MediaTransportConfig config = {}, PointPolicer* policer = nullptr, bool keys = true) {
    config.point_name = "UBND huyện Triệu Sơn";
    RtpSocketPair sockets{std::move(*UdpSocket::Bind(loop_.context(), {kLoopback, 0})), nullptr};
    transport_ =
        std::make_unique<MediaTransport>(config, std::move(sockets), &received_, policer, &pool_, &clock_);
    transport_->SetRemote(terminal_->local_endpoint());
    if (keys) {
      transport_->SetSrtp(
          *SrtpSession::Create(SrtpSession::Direction::kInbound, terminal_key_.suite(),
                               terminal_key_.key_and_salt()),
          *SrtpSession::Create(SrtpSession::Direction::kOutbound, mcu_key_.suite(), mcu_key_.key_and_salt()));
    }
  }

  std::vector<uint8_t> Rtp(uint16_t seq, size_t payload = 100) {
    std::vector<uint8_t> out(PacketBuffer::kCapacity);
    RtpPacketBuilder b;
    b.SetPayloadType(96).SetSequenceNumber(seq).SetTimestamp(seq * 3000u).SetSsrc(0x1234);
    std::vector<uint8_t> body(payload, 0x5a);
    out.resize(*b.Write(body, out));
    return out;
  }
  std::vector<uint8_t> Srtp(uint16_t seq, size_t payload = 100) {
    auto p = Rtp(seq, payload);
    size_t len = p.size();
    p.resize(len + SrtpSession::kMaxProtectOverhead);
    EXPECT_EQ(terminal_out_->ProtectRtp(p, &len), SrtpStatus::kOk);
    p.resize(len);
    return p;
  }
  // Sends from the terminal and runs the loop until the transport has seen it.
  void Deliver(const std::vector<uint8_t>& datagram, UdpSocket* from = nullptr) {
    uint64_t before =
        transport_->stats().rtp_packets + transport_->stats().rtcp_packets + transport_->total_drops();
    ASSERT_TRUE((from ? from : terminal_.get())->SendTo(datagram, transport_->local_rtp_endpoint()));
    for (int i = 0; i < 100; ++i) {
      if (transport_->stats().rtp_packets + transport_->stats().rtcp_packets + transport_->total_drops() >
          before)
        return;
      loop_.context().run_one_for(std::chrono::milliseconds(20));
    }
    FAIL() << "datagram never arrived";
  }

  EventLoop loop_;
  SimulatedClock clock_;
  PacketBufferPool pool_{32, 256};
  SdesKey terminal_key_ = *SdesKey::Generate(CryptoSuite::kAesCm128HmacSha1_80);
  SdesKey mcu_key_ = terminal_key_;
  std::unique_ptr<UdpSocket> terminal_;
  Sink terminal_sink_;
  std::unique_ptr<SrtpSession> terminal_out_;
  Received received_;
  std::unique_ptr<MediaTransport> transport_;
};

TEST_F(MediaTransportTest, DeliversAuthenticatedRtp) {
  MakeTransport();
  Deliver(Srtp(1));
  Deliver(Srtp(2));
  EXPECT_EQ(received_.seqs, (std::vector<uint16_t>{1, 2}));
  EXPECT_EQ(transport_->total_drops(), 0u);
}

TEST_F(MediaTransportTest, DropsAndCountsTamperedPacket) {
  MakeTransport();
  auto p = Srtp(1);
  p[30] ^= 0x01;
  Deliver(p);
  EXPECT_TRUE(received_.seqs.empty());
  EXPECT_EQ(transport_->drop_count(DropReason::kAuthFailed), 1u);
}

TEST_F(MediaTransportTest, DropsAndCountsReplayedPacket) {
  MakeTransport();
  auto p = Srtp(7);
  Deliver(p);
  Deliver(p);
  EXPECT_EQ(received_.seqs.size(), 1u);
  EXPECT_EQ(transport_->drop_count(DropReason::kReplayed), 1u);
}

TEST_F(MediaTransportTest, DropsPlainRtpWhenSrtpIsRequired) {
  MakeTransport();
  Deliver(Rtp(1));
  EXPECT_TRUE(received_.seqs.empty());
  EXPECT_EQ(transport_->drop_count(DropReason::kAuthFailed), 1u);
}

TEST_F(MediaTransportTest, DropsEverythingBeforeKeysAreSet) {
  MakeTransport({}, nullptr, /*keys=*/false);
  Deliver(Rtp(1));
  EXPECT_EQ(transport_->drop_count(DropReason::kNoKeys), 1u);
}

TEST_F(MediaTransportTest, DropsOversizedDatagram) {
  MakeTransport();
  Deliver(Srtp(1, 1480));
  EXPECT_EQ(transport_->drop_count(DropReason::kOversized), 1u);
}

TEST_F(MediaTransportTest, DropsPacketsFromAnotherAddress) {
  MakeTransport();
  auto stranger = UdpSocket::Bind(loop_.context(), {asio::ip::make_address("127.0.0.2"), 0});
  ASSERT_TRUE(stranger);
  Deliver(Srtp(1), stranger->get());
  EXPECT_EQ(transport_->drop_count(DropReason::kWrongSource), 1u);
}

TEST_F(MediaTransportTest, DropsMalformedRtpInPlainMode) {
  MediaTransportConfig config;
  config.srtp_required = false;
  MakeTransport(config, nullptr, /*keys=*/false);
  auto p = Rtp(1);
  p[0] = 0x40;  // version 1
  Deliver(p);
  EXPECT_EQ(transport_->drop_count(DropReason::kMalformedRtp), 1u);
  Deliver(Rtp(2));
  EXPECT_EQ(received_.seqs, (std::vector<uint16_t>{2}));
}

TEST_F(MediaTransportTest, PolicerDropsOverBudgetAndCounts) {
  PolicerConfig budget;
  budget.rate = DataRate::KilobitsPerSec(100);  // 250 ms burst: 3125 bytes
  PointPolicer policer(budget, clock_.Now());
  MakeTransport({}, &policer);
  const size_t datagram = Srtp(100, 1000).size();                // 12 header + 1000 + 10 tag
  const size_t fit = size_t(budget.burst().bytes()) / datagram;  // 3125 / 1022 = 3
  ASSERT_EQ(fit, 3u);
  for (uint16_t seq = 1; seq <= 10; ++seq) Deliver(Srtp(seq, 1000));  // simulated time stands still
  EXPECT_EQ(received_.seqs.size(), fit);
  EXPECT_EQ(transport_->drop_count(DropReason::kPoliced), 10 - fit);
  EXPECT_EQ(policer.stats().dropped_packets, 10 - fit);
}

TEST_F(MediaTransportTest, SendsProtectedRtpTheTerminalCanUnprotect) {
  MakeTransport();
  PacketBuffer b = pool_.Acquire();
  auto rtp = Rtp(42);
  std::copy(rtp.begin(), rtp.end(), b.data());
  b.set_size(rtp.size());
  ASSERT_TRUE(transport_->SendRtp(b));
  for (int i = 0; i < 100 && terminal_sink_.packets.empty(); ++i)
    loop_.context().run_one_for(std::chrono::milliseconds(20));
  ASSERT_EQ(terminal_sink_.packets.size(), 1u);
  auto in = *SrtpSession::Create(SrtpSession::Direction::kInbound, mcu_key_.suite(), mcu_key_.key_and_salt());
  auto p = terminal_sink_.packets[0];
  size_t len = p.size();
  ASSERT_EQ(in->UnprotectRtp(p, &len), SrtpStatus::kOk);
  EXPECT_EQ(std::vector<uint8_t>(p.begin(), p.begin() + len), rtp);
}

TEST_F(MediaTransportTest, AFloodOfBadPacketsLogsAFewLinesNotOnePerPacket) {
  std::ostringstream log;
  auto previous = spdlog::default_logger();
  auto logger =
      std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(log));
  spdlog::set_default_logger(logger);
  MakeTransport();
  for (uint16_t seq = 1; seq <= 200; ++seq) Deliver(Rtp(seq));  // plain RTP: auth failures
  spdlog::set_default_logger(previous);
  EXPECT_EQ(transport_->drop_count(DropReason::kAuthFailed), 200u);
  std::string text = log.str();
  size_t lines = std::count(text.begin(), text.end(), '\n');
  EXPECT_LE(lines, 3u);
  EXPECT_NE(text.find("point 'UBND huyện Triệu Sơn' (127.0.0.1:"), std::string::npos);
}

}  // namespace
}  // namespace softmcu
