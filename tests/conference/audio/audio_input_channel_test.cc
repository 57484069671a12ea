#include "conference/audio/audio_input_channel.h"

#include <gtest/gtest.h>

#include <vector>

#include "../../mixer/audio/audio_test_tones.h"
#include "media/audio/opus_encoder.h"

namespace softmcu {
namespace {

constexpr uint32_t kStartTs = 0xFFFF'F000;  // wraps within the test

class AudioInputChannelTest : public ::testing::Test {
 protected:
  // The payload of 20 ms frame `index` of a 500 Hz tone, continuous across frames.
  std::vector<uint8_t> Payload(int index) {
    while (static_cast<int>(payloads_.size()) <= index) {
      const int n = static_cast<int>(payloads_.size());
      // 500 Hz is 10 whole cycles per 20 ms frame, so every frame starts at phase 0.
      AudioFrame frame = test::Tone(500, 8000);
      std::vector<uint8_t> out(OpusEncoder::kMaxPayloadSize);
      auto size = encoder_.Encode(frame, out);
      EXPECT_TRUE(size.has_value()) << n;
      out.resize(*size);
      payloads_.push_back(std::move(out));
    }
    return payloads_[static_cast<size_t>(index)];
  }
  void Push(int index) {
    const auto payload = Payload(index);
    ASSERT_TRUE(queue_.PushWith([&](AudioPacketSlot& slot) {
      std::copy(payload.begin(), payload.end(), slot.payload.begin());
      slot.size = static_cast<uint16_t>(payload.size());
      slot.rtp_timestamp = kStartTs + static_cast<uint32_t>(index) * 960;
    }));
  }

  OpusEncoder encoder_{OpusEncoder::Config{.inband_fec = OpusEncoder::InbandFec::kOn}};
  std::vector<std::vector<uint8_t>> payloads_;
  SpscQueue<AudioPacketSlot> queue_{32};
  AudioInputChannel channel_;
};

TEST_F(AudioInputChannelTest, WaitsForTwoPacketsThenPlaysOnePerTick) {
  Push(0);
  EXPECT_EQ(channel_.Tick(queue_, true), nullptr);
  Push(1);
  // The phase of the worker's playout against the room's tick decides whether one or two
  // packets wait at a tick: alternate, as a phase offset makes it.
  for (int i = 2; i < 50; ++i) {
    const AudioFrame* frame = channel_.Tick(queue_, true);
    ASSERT_NE(frame, nullptr);
    Push(i);
  }
  EXPECT_EQ(channel_.stats().underruns, 0u);
  EXPECT_EQ(channel_.stats().concealed, 0u);
  EXPECT_EQ(channel_.stats().decoded, 48u);
  const AudioFrame* frame = channel_.Tick(queue_, true);
  ASSERT_NE(frame, nullptr);
  EXPECT_GT(test::ToneAmplitude(*frame, 500), 4000);
}

TEST_F(AudioInputChannelTest, LostPacketIsRecoveredFromTheNextPacketsFec) {
  for (int i = 0; i < 30; ++i) Payload(i);  // warm the encoder up so FEC is in the stream
  Push(0);
  Push(1);
  for (int i = 2; i < 30; ++i) {
    channel_.Tick(queue_, true);
    if (i != 15) Push(i);
  }
  EXPECT_EQ(channel_.stats().fec + channel_.stats().concealed, 1u);
  EXPECT_EQ(channel_.stats().underruns, 0u);
}

TEST_F(AudioInputChannelTest, UnderrunIsConcealedAndCounted) {
  Push(0);
  Push(1);
  channel_.Tick(queue_, true);
  channel_.Tick(queue_, true);
  const AudioFrame* frame = channel_.Tick(queue_, true);  // nothing queued
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(channel_.stats().underruns, 1u);
  EXPECT_EQ(channel_.stats().concealed, 1u);
  // The late packet 2 arrives with 3: 2 is now stale and dropped, 3 plays on time.
  Push(2);
  Push(3);
  channel_.Tick(queue_, true);
  EXPECT_EQ(channel_.stats().late, 1u);
  EXPECT_TRUE(queue_.empty());
}

TEST_F(AudioInputChannelTest, DeepQueueIsTrimmedToBoundLatency) {
  for (int i = 0; i < 12; ++i) Push(i);
  channel_.Tick(queue_, true);
  EXPECT_EQ(channel_.stats().latency_drops, 12u - AudioInputChannel::kMaxDepth);
  EXPECT_LE(queue_.size(), AudioInputChannel::kMaxDepth);
}

// After a trim the channel plays on from the oldest packet kept. It used to go on expecting
// the first packet it dropped: every tick concealed, the stream arriving one packet per tick
// was trimmed again and again, and the point stayed silent for good (a floor holder on a
// starved room thread was never heard).
TEST_F(AudioInputChannelTest, PlaysOnFromWhatItKeptAfterTrimming) {
  for (int i = 0; i < 12; ++i) Push(i);
  int next = 12;
  for (int tick = 0; tick < 50; ++tick) {
    channel_.Tick(queue_, true);
    Push(next++);
  }
  const uint64_t concealed = channel_.stats().concealed;
  EXPECT_LE(concealed, 1u);
  for (int tick = 0; tick < 10; ++tick) {
    const AudioFrame* frame = channel_.Tick(queue_, true);
    ASSERT_NE(frame, nullptr);
    EXPECT_GT(test::ToneAmplitude(*frame, 500), 4000) << tick;
    Push(next++);
  }
  EXPECT_EQ(channel_.stats().concealed, concealed);
}

TEST_F(AudioInputChannelTest, NotDecodingKeepsTimingWithoutDecoding) {
  Push(0);
  Push(1);
  for (int i = 2; i < 20; ++i) {
    EXPECT_EQ(channel_.Tick(queue_, false), nullptr);
    Push(i);
  }
  EXPECT_EQ(channel_.stats().decoded, 0u);
  EXPECT_EQ(queue_.size(), 2u);  // consumed one per tick all along
  // Decoding resumes on the packet due, with no resynchronization.
  ASSERT_NE(channel_.Tick(queue_, true), nullptr);
  EXPECT_EQ(channel_.stats().resyncs, 0u);
  EXPECT_EQ(channel_.stats().decoded, 1u);
}

TEST_F(AudioInputChannelTest, SenderRestartWithNewTimestampsResynchronizes) {
  Push(0);
  Push(1);
  channel_.Tick(queue_, true);
  channel_.Tick(queue_, true);
  // A terminal restarting its sender jumps far ahead.
  ASSERT_TRUE(queue_.PushWith([&](AudioPacketSlot& slot) {
    const auto payload = Payload(2);
    std::copy(payload.begin(), payload.end(), slot.payload.begin());
    slot.size = static_cast<uint16_t>(payload.size());
    slot.rtp_timestamp = 123456;
  }));
  channel_.Tick(queue_, true);
  EXPECT_EQ(channel_.stats().resyncs, 1u);
  EXPECT_EQ(channel_.stats().decoded, 3u);
}

TEST_F(AudioInputChannelTest, GarbagePayloadIsConcealedNotFatal) {
  Push(0);
  Push(1);
  ASSERT_TRUE(queue_.PushWith([&](AudioPacketSlot& slot) {
    slot.payload.fill(0xFF);
    slot.size = 3;
    slot.rtp_timestamp = kStartTs + 2 * 960;
  }));
  for (int i = 0; i < 3; ++i) ASSERT_NE(channel_.Tick(queue_, true), nullptr);
  EXPECT_EQ(channel_.stats().decoded, 2u);
  EXPECT_EQ(channel_.stats().concealed, 1u);
}

}  // namespace
}  // namespace softmcu
