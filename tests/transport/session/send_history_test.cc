#include "transport/session/send_history.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "transport/rtp/rtp_packet_builder.h"

namespace softmcu {
namespace {

constexpr Timestamp kStart = Timestamp::Seconds(1000);
constexpr TimeDelta kRtt = TimeDelta::Millis(50);

// An RTP packet whose payload is stamped with its sequence number and a fill byte.
std::vector<uint8_t> MakePacket(uint16_t seq, size_t payload_size = 100, uint8_t fill = 0xab) {
  std::vector<uint8_t> payload(payload_size, fill);
  payload[0] = static_cast<uint8_t>(seq >> 8);
  payload[1] = static_cast<uint8_t>(seq);
  std::vector<uint8_t> out(12 + payload_size);
  RtpPacketBuilder builder;
  builder.SetPayloadType(96).SetSequenceNumber(seq).SetTimestamp(seq * 3000u).SetSsrc(0x1234);
  auto size = builder.Write(payload, out);
  EXPECT_TRUE(size.has_value());
  out.resize(*size);
  return out;
}

SendHistory::Config Capacity(size_t n) {
  SendHistory::Config config;
  config.capacity = n;
  return config;
}

TEST(SendHistory, ReturnsStoredPacketBySequenceNumber) {
  SendHistory history;
  const auto packet = MakePacket(1000);
  EXPECT_EQ(history.Store(packet, kStart), SendHistory::StoreResult::kStored);
  auto stored = history.Get(1000);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(std::vector<uint8_t>(stored->begin(), stored->end()), packet);
  EXPECT_EQ(history.SendTime(1000), kStart);
}

TEST(SendHistory, UnknownSequenceNumberIsNotFound) {
  SendHistory history;
  history.Store(MakePacket(1000), kStart);
  EXPECT_FALSE(history.Get(1001).has_value());
  EXPECT_FALSE(history.Get(1000 + 512).has_value());  // same slot, different packet
}

TEST(SendHistory, StoredCopyDoesNotDependOnSourceBuffer) {
  SendHistory history;
  auto packet = MakePacket(7);
  const auto original = packet;
  history.Store(packet, kStart);
  packet.assign(packet.size(), 0);
  auto stored = history.Get(7);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(std::vector<uint8_t>(stored->begin(), stored->end()), original);
}

TEST(SendHistory, PacketOlderThanCapacityIsOverwritten) {
  SendHistory history(Capacity(8));
  for (uint16_t seq = 0; seq <= 8; ++seq) history.Store(MakePacket(seq), kStart);
  EXPECT_FALSE(history.Get(0).has_value());
  for (uint16_t seq = 1; seq <= 8; ++seq) EXPECT_TRUE(history.Get(seq).has_value()) << seq;
}

TEST(SendHistory, LooksUpAcrossSequenceWrap) {
  SendHistory history(Capacity(4));
  for (uint32_t s = 65533; s <= 65536 + 2; ++s) history.Store(MakePacket(static_cast<uint16_t>(s)), kStart);
  EXPECT_FALSE(history.Get(65533).has_value());
  EXPECT_FALSE(history.Get(65534).has_value());
  for (uint16_t seq : {65535, 0, 1, 2}) {
    auto stored = history.Get(seq);
    ASSERT_TRUE(stored.has_value()) << seq;
    EXPECT_EQ(((*stored)[2] << 8) | (*stored)[3], seq);
  }
}

TEST(SendHistory, RefusesPacketLargerThanSlot) {
  SendHistory::Config config;
  config.slot_size = 200;
  SendHistory history(config);
  EXPECT_EQ(history.Store(MakePacket(1, 189), kStart), SendHistory::StoreResult::kTooLarge);
  EXPECT_EQ(history.stats().too_large, 1);
  EXPECT_FALSE(history.Get(1).has_value());
  EXPECT_EQ(history.Store(MakePacket(2, 188), kStart), SendHistory::StoreResult::kStored);
}

TEST(SendHistory, RefusesPacketShorterThanRtpHeader) {
  SendHistory history;
  std::array<uint8_t, 11> runt{};
  EXPECT_EQ(history.Store(runt, kStart), SendHistory::StoreResult::kMalformed);
  EXPECT_EQ(history.stats().malformed, 1);
}

TEST(SendHistory, FirstRetransmissionIsAlwaysAllowed) {
  SendHistory history;
  history.Store(MakePacket(5), kStart);
  EXPECT_TRUE(history.GetForRetransmission(5, kStart + TimeDelta::Millis(1), kRtt).has_value());
  EXPECT_EQ(history.stats().retransmitted, 1);
}

TEST(SendHistory, RetransmissionIsRateLimitedToOncePerRtt) {
  SendHistory history;
  history.Store(MakePacket(5), kStart);
  const Timestamp first = kStart + TimeDelta::Millis(10);
  ASSERT_TRUE(history.GetForRetransmission(5, first, kRtt).has_value());
  EXPECT_FALSE(history.GetForRetransmission(5, first + kRtt - TimeDelta::Millis(1), kRtt).has_value());
  EXPECT_EQ(history.stats().rate_limited, 1);
  EXPECT_TRUE(history.GetForRetransmission(5, first + kRtt, kRtt).has_value());
  EXPECT_EQ(history.stats().retransmitted, 2);
}

TEST(SendHistory, AQueuedRetransmissionHoldsRepeatsUntilItLeftAndAnRttPassed) {
  SendHistory history;
  history.Store(MakePacket(5), kStart);
  const Timestamp first = kStart + TimeDelta::Millis(10);
  const TimeDelta queued = TimeDelta::Millis(300);  // behind a keyframe in the pacer
  ASSERT_TRUE(history.GetForRetransmission(5, first, kRtt, queued).has_value());
  // The receiver repeats its NACK every RTT meanwhile; none of them is answered...
  for (TimeDelta t = kRtt; t < queued + kRtt; t += kRtt) {
    EXPECT_FALSE(history.GetForRetransmission(5, first + t, kRtt).has_value()) << t.ms() << " ms";
  }
  // ...until the retransmission has had its round trip.
  EXPECT_TRUE(history.GetForRetransmission(5, first + queued + kRtt, kRtt).has_value());
  EXPECT_EQ(history.stats().retransmitted, 2);
}

TEST(SendHistory, RetransmissionOfMissingPacketIsCounted) {
  SendHistory history;
  EXPECT_FALSE(history.GetForRetransmission(5, kStart, kRtt).has_value());
  EXPECT_EQ(history.stats().missing, 1);
}

}  // namespace
}  // namespace softmcu
