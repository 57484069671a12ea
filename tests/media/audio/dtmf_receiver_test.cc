#include "media/audio/dtmf_receiver.h"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "media/audio/telephone_event.h"

namespace softmcu {
namespace {

constexpr Timestamp kStart = Timestamp::Seconds(100);
constexpr int kClock = 8000;
constexpr uint16_t kTicksPer50Ms = 400;

// Drives a DtmfReceiver the way an RFC 4733 sender would, on a simulated clock.
class Sender {
 public:
  explicit Sender(DtmfReceiver& receiver) : receiver_(receiver) {}

  void Send(uint32_t ts, uint8_t event, uint16_t duration, bool end) {
    std::array<uint8_t, 4> payload{};
    TelephoneEvent{.event = event, .end = end, .volume = 10, .duration = duration}.Write(payload);
    receiver_.OnPacket(ts, payload, now_);
  }
  // §2.5.1.2/§2.5.1.4: a start packet, an update every 50 ms, then the end packet three
  // times with the final duration (unless `lose_ends`).
  void Press(uint32_t ts, uint8_t event, int updates, bool lose_ends = false) {
    uint16_t duration = 0;
    for (int i = 0; i <= updates; ++i) {
      Send(ts, event, duration, false);
      Advance(50);
      duration += kTicksPer50Ms;
    }
    if (lose_ends) return;
    for (int i = 0; i < 3; ++i) {
      Send(ts, event, duration, true);
      Advance(20);
    }
  }
  void Advance(int ms) { now_ += TimeDelta::Millis(ms); }
  Timestamp now() const { return now_; }

 private:
  DtmfReceiver& receiver_;
  Timestamp now_ = kStart;
};

std::vector<KeyPress> Drain(DtmfReceiver& r) {
  std::vector<KeyPress> out;
  while (auto p = r.PopKeyPress()) out.push_back(*p);
  return out;
}

std::string Keys(const std::vector<KeyPress>& presses) {
  std::string s;
  for (const auto& p : presses) s += p.key;
  return s;
}

TEST(DtmfReceiver, RedundantEndPacketsYieldOnePress) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(1000, 5, 3);  // 0, 400, 800, 1200 then end at 1600 ticks = 200 ms
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].key, '5');
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(200));
  EXPECT_EQ(presses[0].rtp_timestamp, 1000u);
  EXPECT_EQ(presses[0].end, DtmfEnd::kEndPacket);
  EXPECT_EQ(r.stats().duplicates, 2);
}

TEST(DtmfReceiver, RetransmittedStartDuringPressIsAbsorbed) {
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 1, 0, false);
  s.Send(1000, 1, 400, false);
  s.Send(1000, 1, 0, false);  // retransmission of the start
  s.Send(1000, 1, 800, true);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(100));
}

TEST(DtmfReceiver, RetransmittedStartAfterEndIsIgnored) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(1000, 1, 2);
  s.Send(1000, 1, 0, false);
  EXPECT_EQ(Drain(r).size(), 1u);
  EXPECT_FALSE(r.in_event());
}

TEST(DtmfReceiver, LostEndIsEmittedWhenNextEventStarts) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(1000, 7, 4, /*lose_ends=*/true);  // last update: 1600 ticks
  EXPECT_TRUE(Drain(r).empty());
  s.Send(20000, 8, 0, false);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].key, '7');
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(200));
  EXPECT_EQ(presses[0].end, DtmfEnd::kNextEvent);
  EXPECT_TRUE(r.in_event());
}

TEST(DtmfReceiver, LostEndIsEmittedOnTimeout) {
  DtmfReceiver r;  // end_timeout 400 ms
  Sender s(r);
  s.Press(1000, 3, 2, /*lose_ends=*/true);  // last packet at +100 ms, 800 ticks
  r.Poll(s.now() + TimeDelta::Millis(300));
  EXPECT_TRUE(Drain(r).empty());
  r.Poll(s.now() + TimeDelta::Millis(400));
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].key, '3');
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(100));
  EXPECT_EQ(presses[0].end, DtmfEnd::kTimeout);
  EXPECT_EQ(r.stats().ended_by_timeout, 1);
}

TEST(DtmfReceiver, EndPacketsArrivingAfterTimeoutAreDuplicates) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(1000, 3, 2, /*lose_ends=*/true);
  r.Poll(s.now() + TimeDelta::Seconds(1));
  s.Send(1000, 3, 1200, true);
  EXPECT_EQ(Drain(r).size(), 1u);
  EXPECT_EQ(r.stats().duplicates, 1);
}

TEST(DtmfReceiver, BurstOfPressesYieldsEachOnceInOrder) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(8000, 1, 2);                        // "1": 150 ms, ends ×3
  s.Send(8000, 1, 0, false);                  //   its start retransmitted late
  s.Press(16000, 2, 3);                       // "2": 200 ms
  s.Press(24000, 10, 1, /*lose_ends=*/true);  // "*": ends all lost, 50 ms seen
  s.Press(32000, 11, 5);                      // "#": 300 ms
  auto presses = Drain(r);
  EXPECT_EQ(Keys(presses), "12*#");
  ASSERT_EQ(presses.size(), 4u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(150));
  EXPECT_EQ(presses[1].duration, TimeDelta::Millis(200));
  EXPECT_EQ(presses[2].duration, TimeDelta::Millis(50));
  EXPECT_EQ(presses[2].end, DtmfEnd::kNextEvent);
  EXPECT_EQ(presses[3].duration, TimeDelta::Millis(300));
  EXPECT_EQ(r.stats().presses, 4);
}

TEST(DtmfReceiver, EndOnlyPacketsStillMakeAPress) {
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 12, 960, true);
  s.Send(1000, 12, 960, true);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].key, 'A');
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(120));
}

TEST(DtmfReceiver, ReorderedUpdateKeepsLongestDuration) {
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 4, 800, false);
  s.Send(1000, 4, 400, false);  // arrives late
  r.Poll(s.now() + TimeDelta::Seconds(1));
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(100));
}

TEST(DtmfReceiver, LatePacketOfEarlierPressIsIgnored) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(16000, 2, 1);
  s.Send(8000, 1, 400, false);  // an earlier press, out of order by far
  EXPECT_EQ(Keys(Drain(r)), "2");
  EXPECT_EQ(r.stats().late, 1);
  EXPECT_FALSE(r.in_event());
}

TEST(DtmfReceiver, LongEventSegmentsMakeOnePress) {
  // §2.5.1.3: at 8 kHz a duration field lasts 8.19 s; a longer event continues in a new
  // segment whose timestamp is the previous one plus 0xFFFF.
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 0, 60000, false);
  s.Send(1000, 0, 0xffff, false);
  s.Send(1000 + 0xffff, 0, 0, false);
  s.Send(1000 + 0xffff, 0, 4000, false);
  s.Send(1000 + 0xffff, 0, 4465, true);
  s.Send(1000 + 0xffff, 0, 4465, true);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].key, '0');
  EXPECT_EQ(presses[0].rtp_timestamp, 1000u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(8750));  // (65535 + 4465) / 8000
}

TEST(DtmfReceiver, SameKeyAgainSoonIsANewPress) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(1000, 9, 2, /*lose_ends=*/true);
  s.Press(1000 + 2000, 9, 2);
  auto presses = Drain(r);
  EXPECT_EQ(Keys(presses), "99");
}

TEST(DtmfReceiver, WrappedDurationIsCountedOn) {
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 6, 65000, false);
  s.Send(1000, 6, 200, false);  // 65736 wrapped into 16 bits
  s.Send(1000, 6, 600, true);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Micros((65536 + 600) * 1'000'000LL / kClock));
}

TEST(DtmfReceiver, EventsAbove15AreIgnoredAndCounted) {
  DtmfReceiver r;
  Sender s(r);
  s.Send(1000, 16, 400, true);  // not DTMF (§3.2)
  s.Send(2000, 255, 400, true);
  EXPECT_TRUE(Drain(r).empty());
  EXPECT_EQ(r.stats().not_dtmf, 2);
}

TEST(DtmfReceiver, MalformedPayloadIsCounted) {
  DtmfReceiver r;
  const std::array<uint8_t, 3> short_payload = {0x01, 0x80, 0x00};
  r.OnPacket(1000, short_payload, kStart);
  EXPECT_EQ(r.stats().malformed, 1);
  EXPECT_TRUE(Drain(r).empty());
}

TEST(DtmfReceiver, DurationUsesNegotiatedClockRate) {
  DtmfReceiver r(DtmfReceiver::Config{.clock_rate = 48000});
  Sender s(r);
  s.Send(48000, 1, 4800, true);
  auto presses = Drain(r);
  ASSERT_EQ(presses.size(), 1u);
  EXPECT_EQ(presses[0].duration, TimeDelta::Millis(100));
}

TEST(DtmfReceiver, TimestampWrapIsNotMistakenForLatePacket) {
  DtmfReceiver r;
  Sender s(r);
  s.Press(0xfffff000u, 1, 1);
  s.Press(0x00000800u, 2, 1);
  EXPECT_EQ(Keys(Drain(r)), "12");
}

TEST(DtmfReceiver, FullQueueDropsNewPressesAndCountsThem) {
  DtmfReceiver r;
  Sender s(r);
  for (uint32_t i = 0; i < DtmfReceiver::kQueueSize + 2; ++i) s.Send(1000 + i * 1000, 1, 400, true);
  EXPECT_EQ(Drain(r).size(), DtmfReceiver::kQueueSize);
  EXPECT_EQ(r.stats().queue_overflows, 2);
}

}  // namespace
}  // namespace softmcu
