#include "transport/session/jitter_buffer.h"

#include <gtest/gtest.h>

#include <deque>
#include <vector>

#include "transport/rtp/rtp_packet_builder.h"
#include "transport/rtp/rtp_packet_view.h"

namespace softmcu {
namespace {

constexpr Timestamp kStart = Timestamp::Seconds(1000);
constexpr uint32_t kVideoFrameTicks = 3600;  // 40 ms at 90 kHz
constexpr uint32_t kAudioFrameTicks = 960;   // 20 ms at 48 kHz

// Feeds packets whose payload is stamped with their sequence number, so a test can
// check which packet came out where. The source buffers are freed after insertion, as a
// pooled receive buffer would be.
class Feeder {
 public:
  explicit Feeder(JitterBuffer& jb) : jb_(jb) {}

  JitterBuffer::InsertResult Insert(uint16_t seq, uint32_t ts, bool marker, Timestamp arrival,
                                    size_t payload_size = 20) {
    std::vector<uint8_t> payload(payload_size, 0);
    payload[0] = static_cast<uint8_t>(seq >> 8);
    payload[1] = static_cast<uint8_t>(seq);
    std::vector<uint8_t> buffer(12 + payload_size);
    RtpPacketBuilder builder;
    builder.SetPayloadType(96).SetSequenceNumber(seq).SetTimestamp(ts).SetMarker(marker).SetSsrc(0x5555);
    buffer.resize(*builder.Write(payload, buffer));
    auto view = RtpPacketView::Parse(buffer);
    EXPECT_TRUE(view.has_value());
    auto result = jb_.InsertPacket(*view, arrival);
    std::fill(buffer.begin(), buffer.end(), 0xee);  // the jitter buffer must have copied it
    return result;
  }

 private:
  JitterBuffer& jb_;
};

// Sequence numbers stamped in a frame's packets, in output order.
std::vector<uint16_t> StampedSeqs(const JitterBufferFrame& frame) {
  std::vector<uint16_t> seqs;
  for (size_t i = 0; i < frame.packet_count; ++i) {
    auto view = RtpPacketView::Parse(frame.packet(i));
    EXPECT_TRUE(view.has_value());
    auto payload = view->payload();
    seqs.push_back(static_cast<uint16_t>((payload[0] << 8) | payload[1]));
    EXPECT_EQ(view->sequence_number(), seqs.back());
  }
  return seqs;
}

JitterBuffer::Config SmallVideo(size_t capacity) {
  auto config = JitterBuffer::Config::Video();
  config.capacity = capacity;
  return config;
}

TEST(JitterBuffer, ReleasesCompleteVideoFrameAtOnce) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  EXPECT_EQ(feed.Insert(10, 0, false, kStart), JitterBuffer::InsertResult::kInserted);
  EXPECT_FALSE(jb.PopFrame(kStart, &frame));
  feed.Insert(11, 0, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(frame.first_seq, 10);
  EXPECT_EQ(frame.last_seq, 11);
  EXPECT_TRUE(frame.marker);
  EXPECT_EQ(frame.lost_frames_before, 0);
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{10, 11}));
  EXPECT_FALSE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(jb.stats().frames_out, 1);
  EXPECT_EQ(jb.buffered_packets(), 0u);
}

TEST(JitterBuffer, ReordersPacketsWithinFrame) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, false, kStart);
  feed.Insert(12, 0, true, kStart);
  EXPECT_FALSE(jb.PopFrame(kStart, &frame));
  feed.Insert(11, 0, false, kStart + TimeDelta::Millis(3));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(3), &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{10, 11, 12}));
  EXPECT_EQ(frame.complete_time, kStart + TimeDelta::Millis(3));
  EXPECT_EQ(jb.stats().reordered, 1);
}

TEST(JitterBuffer, DropsDuplicatePacket) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  feed.Insert(10, 0, false, kStart);
  EXPECT_EQ(feed.Insert(10, 0, false, kStart), JitterBuffer::InsertResult::kDuplicate);
  EXPECT_EQ(jb.stats().duplicates, 1);
  EXPECT_EQ(jb.buffered_packets(), 1u);
}

TEST(JitterBuffer, PacketOfReleasedFrameIsTooOld) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(feed.Insert(10, 0, true, kStart), JitterBuffer::InsertResult::kTooOld);
  EXPECT_EQ(jb.stats().late, 1);
}

TEST(JitterBuffer, AssemblesFramesUpToMarkerBit) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, false, kStart);
  feed.Insert(11, 0, false, kStart);
  feed.Insert(12, 0, true, kStart);
  feed.Insert(13, kVideoFrameTicks, false, kStart + TimeDelta::Millis(40));
  feed.Insert(14, kVideoFrameTicks, true, kStart + TimeDelta::Millis(40));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(40), &frame));
  EXPECT_EQ(frame.rtp_timestamp, 0u);
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{10, 11, 12}));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(40), &frame));
  EXPECT_EQ(frame.rtp_timestamp, kVideoFrameTicks);
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{13, 14}));
}

TEST(JitterBuffer, TimestampChangeEndsFrameWithoutMarker) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, false, kStart);
  feed.Insert(11, 0, false, kStart);
  EXPECT_FALSE(jb.PopFrame(kStart, &frame));
  feed.Insert(12, kVideoFrameTicks, false, kStart + TimeDelta::Millis(40));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(40), &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{10, 11}));
  EXPECT_FALSE(frame.marker);
}

// Frames every 40 ms arriving exactly on time (no jitter, target delay 0): A = 10,11;
// B = 12 (lost), 13; C = 14, 15. C is complete but held behind B for one RTT.
TEST(JitterBuffer, MissingPacketHoldsNextFrameUntilDeadlineThenDeclaresLoss) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  jb.SetRtt(TimeDelta::Millis(50));
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, false, kStart);
  feed.Insert(11, 0, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  feed.Insert(13, kVideoFrameTicks, true, kStart + TimeDelta::Millis(40));
  const Timestamp c_arrival = kStart + TimeDelta::Millis(80);
  feed.Insert(14, 2 * kVideoFrameTicks, false, c_arrival);
  feed.Insert(15, 2 * kVideoFrameTicks, true, c_arrival);
  EXPECT_EQ(jb.target_delay(), TimeDelta::Zero());
  // Deadline: C's nominal arrival + min(max_delay, target 0 + rtt 50 ms).
  EXPECT_EQ(jb.NextDeadline(), c_arrival + TimeDelta::Millis(50));
  EXPECT_FALSE(jb.PopFrame(c_arrival, &frame));
  EXPECT_FALSE(jb.PopFrame(c_arrival + TimeDelta::Millis(49), &frame));
  ASSERT_TRUE(jb.PopFrame(c_arrival + TimeDelta::Millis(50), &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{14, 15}));
  EXPECT_EQ(frame.lost_frames_before, 1);
  EXPECT_EQ(frame.lost_packets_before, 1);
  EXPECT_EQ(jb.stats().frames_lost, 1);
  // The retransmission comes too late.
  EXPECT_EQ(feed.Insert(12, kVideoFrameTicks, false, c_arrival + TimeDelta::Millis(60)),
            JitterBuffer::InsertResult::kTooOld);
}

TEST(JitterBuffer, GapFilledBeforeDeadlineReleasesFramesInOrder) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  jb.SetRtt(TimeDelta::Millis(50));
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  feed.Insert(12, kVideoFrameTicks, true, kStart + TimeDelta::Millis(40));
  feed.Insert(13, 2 * kVideoFrameTicks, true, kStart + TimeDelta::Millis(80));
  EXPECT_FALSE(jb.PopFrame(kStart + TimeDelta::Millis(80), &frame));
  const Timestamp retransmitted = kStart + TimeDelta::Millis(90);
  feed.Insert(11, kVideoFrameTicks, false, retransmitted);
  ASSERT_TRUE(jb.PopFrame(retransmitted, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{11, 12}));
  EXPECT_EQ(frame.lost_frames_before, 0);
  ASSERT_TRUE(jb.PopFrame(retransmitted, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{13}));
  EXPECT_EQ(jb.stats().frames_lost, 0);
}

TEST(JitterBuffer, FullBufferDropsOldestFrameToMakeRoom) {
  JitterBuffer jb(SmallVideo(8));
  Feeder feed(jb);
  JitterBufferFrame frame;
  // Frame A = 10 (+ 11 lost), frame B = 12..17: neither can be released, 11 is missing.
  feed.Insert(10, 0, false, kStart);
  for (uint16_t seq = 12; seq <= 17; ++seq) feed.Insert(seq, kVideoFrameTicks, seq == 17, kStart);
  EXPECT_EQ(jb.buffered_packets(), 7u);
  // 18 is 8 past 10: no room without dropping frame A.
  EXPECT_EQ(feed.Insert(18, 2 * kVideoFrameTicks, true, kStart),
            JitterBuffer::InsertResult::kInsertedDroppingOldest);
  EXPECT_EQ(jb.stats().overflow_drops, 1);
  EXPECT_LE(jb.buffered_packets(), 8u);
  // B cannot be proven to start at 12 any more (11 is gone); C = 18 is released at once.
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{18}));
  EXPECT_EQ(frame.lost_frames_before, 2);   // A, then B
  EXPECT_EQ(frame.lost_packets_before, 1);  // 11
  EXPECT_EQ(jb.stats().frames_lost, 2);
  EXPECT_EQ(jb.buffered_packets(), 0u);
}

TEST(JitterBuffer, NeverHoldsMorePacketsThanCapacity) {
  JitterBuffer jb(SmallVideo(16));
  Feeder feed(jb);
  // A stream whose first packet never arrives and which is never popped.
  for (uint16_t seq = 1; seq < 200; ++seq) {
    feed.Insert(seq, seq / 4 * kVideoFrameTicks, seq % 4 == 3, kStart);
    ASSERT_LE(jb.buffered_packets(), 16u);
  }
}

TEST(JitterBuffer, RefusesPacketLargerThanSlot) {
  auto config = JitterBuffer::Config::Video();
  config.max_packet_size = 100;
  JitterBuffer jb(config);
  Feeder feed(jb);
  EXPECT_EQ(feed.Insert(1, 0, true, kStart, 89), JitterBuffer::InsertResult::kTooLarge);
  EXPECT_EQ(jb.stats().too_large, 1);
  EXPECT_EQ(feed.Insert(2, 0, true, kStart, 88), JitterBuffer::InsertResult::kInserted);
}

TEST(JitterBuffer, AssemblesFramesAcrossSequenceWrap) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(65534, 0, false, kStart);
  feed.Insert(0, kVideoFrameTicks, false, kStart);
  feed.Insert(65535, 0, true, kStart);
  feed.Insert(1, kVideoFrameTicks, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{65534, 65535}));
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{0, 1}));
  EXPECT_EQ(frame.first_seq, 0);
  EXPECT_EQ(jb.stats().frames_lost, 0);
}

TEST(JitterBuffer, ReorderedFirstPacketStillStartsTheStream) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(11, 0, true, kStart);
  EXPECT_EQ(feed.Insert(10, 0, false, kStart), JitterBuffer::InsertResult::kInserted);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{10, 11}));
}

TEST(JitterBuffer, PacedVideoWaitsForPlayoutTime) {
  auto config = JitterBuffer::Config::Video();
  config.release = JitterBuffer::ReleasePolicy::kPaced;
  config.min_delay = TimeDelta::Millis(30);
  JitterBuffer jb(config);
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, true, kStart);
  EXPECT_FALSE(jb.PopFrame(kStart + TimeDelta::Millis(29), &frame));
  EXPECT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(30), &frame));
}

TEST(JitterBuffer, AudioReleasesEachPacketAtItsPlayoutTime) {
  JitterBuffer jb(JitterBuffer::Config::Audio());  // target delay starts at the 20 ms floor
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(100, 0, false, kStart);
  feed.Insert(101, kAudioFrameTicks, false, kStart + TimeDelta::Millis(20));
  EXPECT_EQ(jb.NextDeadline(), kStart + TimeDelta::Millis(20));
  EXPECT_FALSE(jb.PopFrame(kStart + TimeDelta::Millis(19), &frame));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(20), &frame));
  EXPECT_EQ(frame.packet_count, 1u);
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{100}));
  EXPECT_FALSE(jb.PopFrame(kStart + TimeDelta::Millis(39), &frame));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(40), &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{101}));
}

TEST(JitterBuffer, AudioMissingPacketIsDeclaredLostAtNextPlayoutTime) {
  JitterBuffer jb(JitterBuffer::Config::Audio());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(100, 0, false, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(20), &frame));
  // 101 is lost; 102 arrives on time at +40 ms and plays at +60 ms.
  feed.Insert(102, 2 * kAudioFrameTicks, false, kStart + TimeDelta::Millis(40));
  EXPECT_FALSE(jb.PopFrame(kStart + TimeDelta::Millis(59), &frame));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(60), &frame));
  EXPECT_EQ(StampedSeqs(frame), (std::vector<uint16_t>{102}));
  EXPECT_EQ(frame.lost_frames_before, 1);
  EXPECT_EQ(frame.lost_packets_before, 1);
}

TEST(JitterBuffer, AudioLatePacketWithinTargetStillPlaysOnTime) {
  JitterBuffer jb(JitterBuffer::Config::Audio());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(100, 0, false, kStart);
  // 101 is 15 ms late (< 20 ms target): still plays at its nominal time + 20 ms = +40 ms.
  feed.Insert(101, kAudioFrameTicks, false, kStart + TimeDelta::Millis(35));
  ASSERT_TRUE(jb.PopFrame(kStart + TimeDelta::Millis(35), &frame));  // 100, due at +20
  EXPECT_EQ(jb.target_delay(), TimeDelta::Millis(20));  // 4 x jitter (15/16 ms) is below the floor
  EXPECT_EQ(jb.NextDeadline(), kStart + TimeDelta::Millis(40));
}

TEST(JitterBuffer, TargetDelayFollowsJitterWithinBounds) {
  JitterBuffer jb(JitterBuffer::Config::Audio());  // 20..100 ms
  Feeder feed(jb);
  JitterBufferFrame frame;
  uint16_t seq = 0;
  auto send = [&](int late_ms) {
    const Timestamp nominal = kStart + TimeDelta::Millis(int64_t{20} * seq);
    feed.Insert(seq, seq * kAudioFrameTicks, false, nominal + TimeDelta::Millis(late_ms));
    while (jb.PopFrame(nominal + TimeDelta::Seconds(1), &frame)) {
    }
    ++seq;
  };
  for (int i = 0; i < 10; ++i) send(0);
  EXPECT_EQ(jb.target_delay(), TimeDelta::Millis(20));
  // Every other packet 30 ms late: jitter -> 30 ms, 4 x 30 = 120 ms, capped at 100 ms.
  for (int i = 0; i < 200; ++i) send(i % 2 == 0 ? 30 : 0);
  EXPECT_EQ(jb.target_delay(), TimeDelta::Millis(100));
  // Calm again: the target comes down, slowly.
  for (int i = 0; i < 20; ++i) send(0);
  EXPECT_LT(jb.target_delay(), TimeDelta::Millis(100));
  EXPECT_GT(jb.target_delay(), TimeDelta::Millis(50));
  for (int i = 0; i < 2000; ++i) send(0);
  EXPECT_EQ(jb.target_delay(), TimeDelta::Millis(20));
}

TEST(JitterBuffer, NoDeadlineWhenEmpty) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  EXPECT_FALSE(jb.NextDeadline().has_value());
  JitterBufferFrame frame;
  EXPECT_FALSE(jb.PopFrame(kStart, &frame));
}

TEST(JitterBuffer, ResetForgetsBufferedPackets) {
  JitterBuffer jb(JitterBuffer::Config::Video());
  Feeder feed(jb);
  JitterBufferFrame frame;
  feed.Insert(10, 0, false, kStart);
  jb.Reset();
  EXPECT_EQ(jb.buffered_packets(), 0u);
  feed.Insert(5000, 0, true, kStart);
  ASSERT_TRUE(jb.PopFrame(kStart, &frame));
  EXPECT_EQ(frame.first_seq, 5000);
}

}  // namespace
}  // namespace softmcu
