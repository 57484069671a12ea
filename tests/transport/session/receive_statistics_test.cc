#include "transport/session/receive_statistics.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace softmcu {
namespace {

constexpr uint32_t kSsrc = 0x11223344;
constexpr int kAudioRate = 8000;
constexpr DataSize kSize = DataSize::Bytes(200);
constexpr Timestamp kStart = Timestamp::Seconds(1000);

SequenceCheck Receive(ReceiveStatistics& stats, uint16_t seq, Timestamp at = kStart) {
  return stats.OnPacket(seq, /*rtp_timestamp=*/0, at, /*clock_rate_hz=*/0, kSize);
}

// Validates the source: A.1 needs MIN_SEQUENTIAL = 2 packets in sequence; statistics
// start at the second one.
void Validate(ReceiveStatistics& stats, uint16_t first_seq) {
  ASSERT_EQ(Receive(stats, first_seq), SequenceCheck::kProbation);
  ASSERT_EQ(Receive(stats, static_cast<uint16_t>(first_seq + 1)), SequenceCheck::kAccepted);
}

TEST(ReceiveStatistics, FirstPacketIsOnProbation) {
  ReceiveStatistics stats(kSsrc);
  EXPECT_EQ(Receive(stats, 100), SequenceCheck::kProbation);
  EXPECT_FALSE(stats.validated());
  EXPECT_FALSE(stats.MakeReportBlock(kStart).has_value());
}

TEST(ReceiveStatistics, SecondSequentialPacketValidatesSource) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  EXPECT_TRUE(stats.validated());
  EXPECT_EQ(stats.extended_highest_sequence(), 101u);
  EXPECT_EQ(stats.expected(), 1);  // base_seq is the packet that ended probation
  EXPECT_EQ(stats.received(), 1);
}

TEST(ReceiveStatistics, OutOfSequencePacketRestartsProbation) {
  ReceiveStatistics stats(kSsrc);
  EXPECT_EQ(Receive(stats, 100), SequenceCheck::kProbation);
  EXPECT_EQ(Receive(stats, 105), SequenceCheck::kProbation);  // probation = MIN_SEQUENTIAL - 1
  EXPECT_EQ(Receive(stats, 106), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.extended_highest_sequence(), 106u);
}

TEST(ReceiveStatistics, ProbationAcceptsSequenceWrap) {
  ReceiveStatistics stats(kSsrc);
  EXPECT_EQ(Receive(stats, 65535), SequenceCheck::kProbation);
  EXPECT_EQ(Receive(stats, 0), SequenceCheck::kAccepted);
}

TEST(ReceiveStatistics, LargeJumpIsDiscardedUntilNextSequentialPacketResyncs) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  for (uint16_t seq = 102; seq <= 110; ++seq) ASSERT_EQ(Receive(stats, seq), SequenceCheck::kAccepted);
  // 4890 ahead >= MAX_DROPOUT: not believed yet.
  EXPECT_EQ(Receive(stats, 5000), SequenceCheck::kBadSequence);
  EXPECT_EQ(stats.extended_highest_sequence(), 110u);
  // The next packet follows it: the sender restarted, statistics restart from here.
  EXPECT_EQ(Receive(stats, 5001), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.extended_highest_sequence(), 5001u);
  EXPECT_EQ(stats.expected(), 1);
  EXPECT_EQ(stats.received(), 1);
  EXPECT_EQ(stats.cumulative_lost(), 0);
}

TEST(ReceiveStatistics, LargeJumpFollowedByExpectedSequenceIsIgnored) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  EXPECT_EQ(Receive(stats, 40000), SequenceCheck::kBadSequence);
  EXPECT_EQ(Receive(stats, 102), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.extended_highest_sequence(), 102u);
  EXPECT_EQ(stats.received(), 2);
}

TEST(ReceiveStatistics, LossPatternAcrossWrapGivesCumulativeAndFractionLost) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 65530);  // base_seq = 65531
  // 65532..65535, 0..9 with 65534, 2 and 3 lost.
  for (uint32_t s = 65532; s <= 65536 + 9; ++s) {
    const auto seq = static_cast<uint16_t>(s);
    if (seq == 65534 || seq == 2 || seq == 3) continue;
    ASSERT_EQ(Receive(stats, seq), SequenceCheck::kAccepted) << s;
  }
  // Extended highest = 1 cycle (65536) + 9; expected = 65545 - 65531 + 1 = 15; received 12.
  EXPECT_EQ(stats.extended_highest_sequence(), 65545u);
  EXPECT_EQ(stats.expected(), 15);
  EXPECT_EQ(stats.received(), 12);
  auto block = stats.MakeReportBlock(kStart);
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->ssrc, kSsrc);
  EXPECT_EQ(block->extended_highest_seq, 65545u);
  EXPECT_EQ(block->cumulative_lost, 3);
  EXPECT_EQ(block->fraction_lost, (3 << 8) / 15);  // 51

  // Next interval: 10..19 with 15 lost -> 1 of 10 expected.
  for (uint16_t seq = 10; seq <= 19; ++seq) {
    if (seq != 15) ASSERT_EQ(Receive(stats, seq), SequenceCheck::kAccepted);
  }
  block = stats.MakeReportBlock(kStart);
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->cumulative_lost, 4);
  EXPECT_EQ(block->fraction_lost, (1 << 8) / 10);  // 25
}

TEST(ReceiveStatistics, ReorderedPacketCountsAsReceived) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  EXPECT_EQ(Receive(stats, 103), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.cumulative_lost(), 1);
  EXPECT_EQ(Receive(stats, 102), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.cumulative_lost(), 0);
  EXPECT_EQ(stats.extended_highest_sequence(), 103u);
}

TEST(ReceiveStatistics, DuplicatesAreFlaggedAndMakeLossNegative) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  EXPECT_EQ(Receive(stats, 102), SequenceCheck::kAccepted);
  EXPECT_EQ(Receive(stats, 102), SequenceCheck::kDuplicate);
  EXPECT_EQ(Receive(stats, 101), SequenceCheck::kDuplicate);
  EXPECT_EQ(stats.counters().duplicates, 2);
  // RFC 3550 §6.4.1: duplicates count as received, so the cumulative loss goes negative.
  EXPECT_EQ(stats.expected(), 2);
  EXPECT_EQ(stats.received(), 4);
  auto block = stats.MakeReportBlock(kStart);
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->cumulative_lost, -2);
  EXPECT_EQ(block->fraction_lost, 0);
}

TEST(ReceiveStatistics, CumulativeLostIsClampedTo24Bits) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 0);
  uint16_t seq = 1;
  // Steps of 2999 (< MAX_DROPOUT) lose 2998 packets each: 3000 steps lose ~9M > 2^23 - 1.
  for (int i = 0; i < 3000; ++i) {
    seq = static_cast<uint16_t>(seq + 2999);
    ASSERT_EQ(Receive(stats, seq), SequenceCheck::kAccepted);
  }
  EXPECT_GT(stats.expected() - stats.received(), 0x7fffff);
  EXPECT_EQ(stats.cumulative_lost(), 0x7fffff);
}

TEST(ReceiveStatistics, FractionLostCoversOnlyTheIntervalSinceLastReport) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  ASSERT_TRUE(stats.MakeReportBlock(kStart).has_value());
  // Interval where only the last packet arrives: 9 of 10 lost.
  EXPECT_EQ(Receive(stats, 111), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.MakeReportBlock(kStart)->fraction_lost, (9 << 8) / 10);
  // Interval with nothing new: expected_interval 0 -> 0.
  EXPECT_EQ(stats.MakeReportBlock(kStart)->fraction_lost, 0);
}

// RFC 3550 A.8 by hand, 8 kHz audio, 20 ms (160 ticks) per packet:
//   transit = arrival (in ticks) - rtp timestamp; d = |transit - previous transit|
//   jitter_q4 += d - ((jitter_q4 + 8) >> 4); jitter = jitter_q4 >> 4
TEST(ReceiveStatistics, JitterMatchesHandComputedA8Sequence) {
  ReceiveStatistics stats(kSsrc);
  auto receive = [&](uint16_t seq, uint32_t ts, int64_t arrival_ms) {
    return stats.OnPacket(seq, ts, Timestamp::Millis(arrival_ms), kAudioRate, kSize);
  };
  ASSERT_EQ(receive(1, 0, 1000), SequenceCheck::kProbation);  // not valid: no jitter update
  // seq 2: arrival 1020 ms = 8160 ticks, ts 160: transit 8000 (first valid: reference only).
  ASSERT_EQ(receive(2, 160, 1020), SequenceCheck::kAccepted);
  EXPECT_EQ(stats.jitter(), 0u);
  // seq 3: 1045 ms = 8360, ts 320: transit 8040, d = 40. q4 = 0 + 40 - (8 >> 4 = 0) = 40 -> 2.
  receive(3, 320, 1045);
  EXPECT_EQ(stats.jitter(), 2u);
  // seq 4: 1060 ms = 8480, ts 480: transit 8000, d = 40. q4 = 40 + 40 - (48 >> 4 = 3) = 77 -> 4.
  receive(4, 480, 1060);
  EXPECT_EQ(stats.jitter(), 4u);
  // seq 5: 1100 ms = 8800, ts 640: transit 8160, d = 160. q4 = 77 + 160 - (85 >> 4 = 5) = 232 -> 14.
  receive(5, 640, 1100);
  EXPECT_EQ(stats.jitter(), 14u);
  // seq 6: 1100 ms = 8800, ts 800: transit 8000, d = 160. q4 = 232 + 160 - (240 >> 4 = 15) = 377 -> 23.
  receive(6, 800, 1100);
  EXPECT_EQ(stats.jitter(), 23u);
  EXPECT_EQ(stats.MakeReportBlock(Timestamp::Millis(1100))->jitter, 23u);
}

TEST(ReceiveStatistics, JitterIsZeroForPerfectlyPacedStream) {
  ReceiveStatistics stats(kSsrc);
  for (uint16_t i = 0; i < 50; ++i) {
    stats.OnPacket(i, i * 160u, kStart + TimeDelta::Millis(int64_t{20} * i), kAudioRate, kSize);
  }
  EXPECT_EQ(stats.jitter(), 0u);
}

TEST(ReceiveStatistics, ReportBlockEchoesLastSenderReport) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  // RFC 3550 §6.4.1 example: LSR 0xb705:2000, held 5.25 s -> DLSR 0x0005:4000.
  stats.OnSenderReport(0xb7052000, kStart);
  auto block = stats.MakeReportBlock(kStart + TimeDelta::Millis(5250));
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->last_sr, 0xb7052000u);
  EXPECT_EQ(block->delay_since_last_sr, 0x00054000u);
}

TEST(ReceiveStatistics, ReportBlockWithoutSenderReportHasZeroLsrAndDlsr) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  auto block = stats.MakeReportBlock(kStart + TimeDelta::Seconds(3));
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->last_sr, 0u);
  EXPECT_EQ(block->delay_since_last_sr, 0u);
}

TEST(ReceiveStatistics, CountsPacketsBytesAndDiscards) {
  ReceiveStatistics stats(kSsrc);
  Validate(stats, 100);
  Receive(stats, 102);
  EXPECT_EQ(stats.counters().packets, 3);
  EXPECT_EQ(stats.counters().bytes, 600);
  EXPECT_EQ(stats.counters().discarded, 1);  // the probation packet
}

TEST(ReceiveStatistics, BitrateOverOneSecondWindow) {
  ReceiveStatistics stats(kSsrc);
  Timestamp t = kStart;
  // 1000 bytes every 10 ms for 2 s = 800 kbit/s.
  for (int i = 0; i < 200; ++i) {
    stats.OnPacket(static_cast<uint16_t>(i), 0, t, 0, DataSize::Bytes(1000));
    t += TimeDelta::Millis(10);
  }
  EXPECT_EQ(stats.bitrate(t - TimeDelta::Millis(10)).bps(), 800'000);
  // Nothing for 2 s: the window is empty.
  EXPECT_EQ(stats.bitrate(t + TimeDelta::Seconds(2)).bps(), 0);
}

}  // namespace
}  // namespace softmcu
