#include "transport/srtp/srtp_session.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "tests/transport/srtp/srtp_test_packets.h"

namespace softmcu {
namespace {

using testing::MakeRtcpSr;
using testing::MakeRtp;
using testing::TestBuffer;
using Direction = SrtpSession::Direction;

std::vector<uint8_t> TestKey(CryptoSuite suite, uint8_t seed = 1) {
  std::vector<uint8_t> key(MasterKeyAndSaltSize(suite));
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed * 37 + i * 11);
  return key;
}

std::unique_ptr<SrtpSession> Make(Direction direction, CryptoSuite suite, uint8_t seed = 1,
                                  const SrtpSessionOptions& options = {}) {
  auto session = SrtpSession::Create(direction, suite, TestKey(suite, seed), options);
  EXPECT_TRUE(session.has_value()) << (session ? "" : session.error().message);
  return session ? std::move(*session) : nullptr;
}

// An outbound/inbound pair keyed alike, per suite.
class SrtpSessionTest : public ::testing::TestWithParam<CryptoSuite> {
 protected:
  void SetUp() override {
    sender_ = Make(Direction::kOutbound, GetParam());
    receiver_ = Make(Direction::kInbound, GetParam());
    ASSERT_TRUE(sender_ && receiver_);
  }
  std::vector<uint8_t> ProtectedRtp(uint16_t seq, size_t payload = 200) {
    TestBuffer b(MakeRtp(0x11223344, seq, payload));
    EXPECT_EQ(sender_->ProtectRtp(b.span(), &b.len), SrtpStatus::kOk);
    return b.bytes();
  }
  std::vector<uint8_t> ProtectedRtcp(uint32_t stamp) {
    TestBuffer b(MakeRtcpSr(0x11223344, stamp));
    EXPECT_EQ(sender_->ProtectRtcp(b.span(), &b.len), SrtpStatus::kOk);
    return b.bytes();
  }

  std::unique_ptr<SrtpSession> sender_;
  std::unique_ptr<SrtpSession> receiver_;
};

TEST_P(SrtpSessionTest, RtpRoundTrips) {
  for (uint16_t seq = 1000; seq < 1010; ++seq) {
    const auto plain = MakeRtp(0x11223344, seq, 1200);
    TestBuffer b(plain);
    ASSERT_EQ(sender_->ProtectRtp(b.span(), &b.len), SrtpStatus::kOk);
    EXPECT_EQ(b.len, plain.size() + RtpAuthTagSize(GetParam()));
    EXPECT_NE(b.bytes(), plain);
    ASSERT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kOk);
    EXPECT_EQ(b.bytes(), plain);
  }
  EXPECT_EQ(sender_->stats().rtp_ok, 10u);
  EXPECT_EQ(receiver_->stats().rtp_ok, 10u);
}

TEST_P(SrtpSessionTest, RtcpRoundTrips) {
  for (uint32_t stamp = 0; stamp < 5; ++stamp) {
    const auto plain = MakeRtcpSr(0x11223344, stamp);
    TestBuffer b(plain);
    ASSERT_EQ(sender_->ProtectRtcp(b.span(), &b.len), SrtpStatus::kOk);
    EXPECT_EQ(b.len, plain.size() + 4 + RtcpAuthTagSize(GetParam()));
    ASSERT_EQ(receiver_->UnprotectRtcp(b.span(), &b.len), SrtpStatus::kOk);
    EXPECT_EQ(b.bytes(), plain);
  }
  EXPECT_EQ(receiver_->stats().rtcp_ok, 5u);
}

TEST_P(SrtpSessionTest, SeveralSsrcsShareOneSession) {
  for (uint32_t ssrc : {1u, 2u, 0xffffffffu}) {
    const auto plain = MakeRtp(ssrc, 7, 100);
    TestBuffer b(plain);
    ASSERT_EQ(sender_->ProtectRtp(b.span(), &b.len), SrtpStatus::kOk);
    ASSERT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kOk);
    EXPECT_EQ(b.bytes(), plain);
  }
}

TEST_P(SrtpSessionTest, FlippedPayloadBitFailsAuthentication) {
  auto packet = ProtectedRtp(1);
  packet[20] ^= 0x01;
  TestBuffer b(packet);
  EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kAuthFailed);
  EXPECT_EQ(receiver_->stats().auth_failed, 1u);
  // The stream is not poisoned: the next genuine packet passes.
  TestBuffer good(ProtectedRtp(2));
  EXPECT_EQ(receiver_->UnprotectRtp(good.span(), &good.len), SrtpStatus::kOk);
}

TEST_P(SrtpSessionTest, FlippedTagBitFailsAuthentication) {
  auto packet = ProtectedRtp(1);
  packet.back() ^= 0x80;
  TestBuffer b(packet);
  EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kAuthFailed);
  EXPECT_EQ(receiver_->stats().auth_failed, 1u);
}

TEST_P(SrtpSessionTest, FlippedHeaderBitFailsAuthentication) {
  auto packet = ProtectedRtp(1);
  packet[1] ^= 0x80;  // marker bit: authenticated, not encrypted
  TestBuffer b(packet);
  EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kAuthFailed);
}

TEST_P(SrtpSessionTest, TamperedRtcpFailsAuthentication) {
  auto payload_flipped = ProtectedRtcp(1);
  payload_flipped[12] ^= 0x04;
  TestBuffer a(payload_flipped);
  EXPECT_EQ(receiver_->UnprotectRtcp(a.span(), &a.len), SrtpStatus::kAuthFailed);
  auto tag_flipped = ProtectedRtcp(2);
  tag_flipped.back() ^= 0x01;
  TestBuffer b(tag_flipped);
  EXPECT_EQ(receiver_->UnprotectRtcp(b.span(), &b.len), SrtpStatus::kAuthFailed);
  EXPECT_EQ(receiver_->stats().auth_failed, 2u);
}

TEST_P(SrtpSessionTest, ReplayedRtpIsRejected) {
  const auto packet = ProtectedRtp(5);
  TestBuffer first(packet);
  ASSERT_EQ(receiver_->UnprotectRtp(first.span(), &first.len), SrtpStatus::kOk);
  TestBuffer again(packet);
  EXPECT_EQ(receiver_->UnprotectRtp(again.span(), &again.len), SrtpStatus::kReplayed);
  EXPECT_EQ(receiver_->stats().replayed, 1u);
  EXPECT_EQ(again.len, packet.size());  // untouched on failure
}

TEST_P(SrtpSessionTest, ReplayedRtcpIsRejected) {
  const auto packet = ProtectedRtcp(5);
  TestBuffer first(packet);
  ASSERT_EQ(receiver_->UnprotectRtcp(first.span(), &first.len), SrtpStatus::kOk);
  TestBuffer again(packet);
  EXPECT_EQ(receiver_->UnprotectRtcp(again.span(), &again.len), SrtpStatus::kReplayed);
  EXPECT_EQ(receiver_->stats().replayed, 1u);
}

TEST_P(SrtpSessionTest, ReorderedPacketsInsideTheWindowAreAccepted) {
  const auto p1 = ProtectedRtp(1);
  const auto p2 = ProtectedRtp(2);
  const auto p3 = ProtectedRtp(3);
  for (const auto* p : {&p3, &p1, &p2}) {
    TestBuffer b(*p);
    EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kOk);
  }
}

TEST_P(SrtpSessionTest, ProtectingTheSamePacketTwiceIsRefused) {
  const auto plain = MakeRtp(0x11223344, 9, 100);
  TestBuffer first(plain);
  ASSERT_EQ(sender_->ProtectRtp(first.span(), &first.len), SrtpStatus::kOk);
  TestBuffer second(plain);
  EXPECT_EQ(sender_->ProtectRtp(second.span(), &second.len), SrtpStatus::kReplayed);
  EXPECT_EQ(second.bytes(), plain);  // nothing was encrypted
}

TEST_P(SrtpSessionTest, TruncatedRtpIsTooShort) {
  const auto packet = ProtectedRtp(1, /*payload=*/0);  // header + tag only
  for (size_t len = 0; len < packet.size(); ++len) {
    TestBuffer b(std::span<const uint8_t>(packet).first(len));
    EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kTooShort) << "length " << len;
  }
  EXPECT_EQ(receiver_->stats().too_short, packet.size());
}

TEST_P(SrtpSessionTest, TruncatedRtcpIsTooShort) {
  const size_t minimum = 8 + 4 + RtcpAuthTagSize(GetParam());
  const auto packet = ProtectedRtcp(1);
  for (size_t len = 0; len < minimum; ++len) {
    TestBuffer b(std::span<const uint8_t>(packet).first(len));
    EXPECT_EQ(receiver_->UnprotectRtcp(b.span(), &b.len), SrtpStatus::kTooShort) << "length " << len;
  }
  // Long enough to parse but cut: an authentication failure, not a crash.
  TestBuffer cut(std::span<const uint8_t>(packet).first(packet.size() - 1));
  EXPECT_EQ(receiver_->UnprotectRtcp(cut.span(), &cut.len), SrtpStatus::kAuthFailed);
}

TEST_P(SrtpSessionTest, RtpWithTruncatedCsrcListOrExtensionIsTooShort) {
  auto with_csrcs = MakeRtp(0x11223344, 1, 0, /*csrcs=*/3);
  TestBuffer a(std::span<const uint8_t>(with_csrcs).first(16));
  EXPECT_EQ(sender_->ProtectRtp(a.span(), &a.len), SrtpStatus::kTooShort);
  auto with_extension = MakeRtp(0x11223344, 2, 0, /*csrcs=*/0, /*extension=*/true);
  TestBuffer b(std::span<const uint8_t>(with_extension).first(18));
  EXPECT_EQ(sender_->ProtectRtp(b.span(), &b.len), SrtpStatus::kTooShort);
  EXPECT_EQ(sender_->stats().too_short, 2u);
}

TEST_P(SrtpSessionTest, ProtectWithoutTailRoomIsRefused) {
  const auto plain = MakeRtp(0x11223344, 1, 100);
  std::vector<uint8_t> storage(plain.begin(), plain.end());
  storage.resize(plain.size() + SrtpSession::kMaxProtectOverhead - 1);
  size_t len = plain.size();
  EXPECT_EQ(sender_->ProtectRtp(storage, &len), SrtpStatus::kBufferTooSmall);
  EXPECT_EQ(len, plain.size());
  EXPECT_EQ(sender_->stats().buffer_too_small, 1u);
}

TEST_P(SrtpSessionTest, WrongKeyFailsAuthentication) {
  auto stranger = Make(Direction::kInbound, GetParam(), /*seed=*/2);
  TestBuffer b(ProtectedRtp(1));
  EXPECT_EQ(stranger->UnprotectRtp(b.span(), &b.len), SrtpStatus::kAuthFailed);
  TestBuffer c(ProtectedRtcp(1));
  EXPECT_EQ(stranger->UnprotectRtcp(c.span(), &c.len), SrtpStatus::kAuthFailed);
  EXPECT_EQ(stranger->stats().auth_failed, 2u);
}

TEST_P(SrtpSessionTest, PlainRtpFailsAuthentication) {
  TestBuffer b(MakeRtp(0x11223344, 1, 200));
  EXPECT_EQ(receiver_->UnprotectRtp(b.span(), &b.len), SrtpStatus::kAuthFailed);
}

INSTANTIATE_TEST_SUITE_P(AllSuites, SrtpSessionTest,
                         ::testing::Values(CryptoSuite::kAesCm128HmacSha1_80,
                                           CryptoSuite::kAesCm128HmacSha1_32, CryptoSuite::kAeadAes128Gcm),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(SrtpSession, LargerReplayWindowAcceptsOlderPackets) {
  constexpr auto kSuite = CryptoSuite::kAesCm128HmacSha1_80;
  auto sender = Make(Direction::kOutbound, kSuite);
  std::vector<std::vector<uint8_t>> packets;
  for (uint16_t seq = 0; seq <= 600; ++seq) {
    TestBuffer b(MakeRtp(7, seq, 10));
    ASSERT_EQ(sender->ProtectRtp(b.span(), &b.len), SrtpStatus::kOk);
    packets.push_back(b.bytes());
  }
  auto default_window = Make(Direction::kInbound, kSuite);
  auto video_window = Make(Direction::kInbound, kSuite, 1, SrtpSessionOptions{.replay_window = 1024});
  for (auto* session : {default_window.get(), video_window.get()}) {
    TestBuffer newest(packets[600]);
    ASSERT_EQ(session->UnprotectRtp(newest.span(), &newest.len), SrtpStatus::kOk);
  }
  // 500 behind the newest: outside 128, inside 1024.
  TestBuffer a(packets[100]);
  EXPECT_EQ(default_window->UnprotectRtp(a.span(), &a.len), SrtpStatus::kReplayed);
  TestBuffer b(packets[100]);
  EXPECT_EQ(video_window->UnprotectRtp(b.span(), &b.len), SrtpStatus::kOk);
}

TEST(SrtpSession, CreateRejectsKeyOfWrongSize) {
  std::vector<uint8_t> key(28, 1);
  auto session = SrtpSession::Create(Direction::kOutbound, CryptoSuite::kAesCm128HmacSha1_80, key);
  ASSERT_FALSE(session.has_value());
  EXPECT_EQ(session.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(session.error().message, "crypto key is 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30");
}

TEST(SrtpSession, CreateRejectsReplayWindowOutsideLibSrtpRange) {
  for (uint32_t window : {0u, 63u, 32768u}) {
    auto session = SrtpSession::Create(Direction::kInbound, CryptoSuite::kAeadAes128Gcm,
                                       TestKey(CryptoSuite::kAeadAes128Gcm), {.replay_window = window});
    EXPECT_FALSE(session.has_value()) << window;
  }
}

TEST(SrtpSession, SessionsCanBeCreatedFromSeveralThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> created{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&created] {
      for (int i = 0; i < 20; ++i) {
        if (SrtpSession::Create(Direction::kOutbound, CryptoSuite::kAesCm128HmacSha1_80,
                                TestKey(CryptoSuite::kAesCm128HmacSha1_80)))
          ++created;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 80);
}

using SrtpSessionDeathTest = ::testing::Test;

TEST_F(SrtpSessionDeathTest, UnprotectOnAnOutboundSessionIsAProgrammerError) {
  auto sender = Make(Direction::kOutbound, CryptoSuite::kAesCm128HmacSha1_80);
  TestBuffer b(MakeRtp(1, 1, 10));
  EXPECT_DEATH(sender->UnprotectRtp(b.span(), &b.len), "check failed");
}

}  // namespace
}  // namespace softmcu
