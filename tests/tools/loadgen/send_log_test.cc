#include "tools/loadgen/send_log.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace softmcu::loadgen {
namespace {

TEST(SendLog, FindsRecentFramesBySequenceAndForgetsOldOnes) {
  SendLog log(true);
  const Timestamp t0 = Timestamp::Seconds(50);
  for (uint32_t s = 0; s < 600; ++s) log.RecordVideoFrame(s, t0 + TimeDelta::Millis(33 * s));
  EXPECT_EQ(log.VideoFrameSent(599), t0 + TimeDelta::Millis(33 * 599));
  EXPECT_EQ(log.VideoFrameSent(100), t0 + TimeDelta::Millis(33 * 100));  // 600 - 512 = 88: still kept
  EXPECT_FALSE(log.VideoFrameSent(50).has_value());                       // overwritten by 562
  EXPECT_FALSE(log.VideoFrameSent(700).has_value());                      // never sent
  EXPECT_EQ(log.last_video_sent(), t0 + TimeDelta::Millis(33 * 599));
}

TEST(SendLog, AudioOnlyLogHasNoVideo) {
  SendLog log(false);
  log.RecordVideoFrame(1, Timestamp::Seconds(1));
  EXPECT_FALSE(log.VideoFrameSent(1).has_value());
  EXPECT_FALSE(log.last_video_sent().has_value());
}

TEST(SendLog, MarkerSentBeforeIsTheLatestNotAfter) {
  SendLog log(false);
  EXPECT_FALSE(log.MarkerSentBefore(Timestamp::Seconds(10)).has_value());
  log.RecordMarker(Timestamp::Seconds(10));
  log.RecordMarker(Timestamp::Seconds(12));
  log.RecordMarker(Timestamp::Seconds(14));
  EXPECT_EQ(log.MarkerSentBefore(Timestamp::Millis(13'500)), Timestamp::Seconds(12));
  EXPECT_EQ(log.MarkerSentBefore(Timestamp::Seconds(20)), Timestamp::Seconds(14));
  EXPECT_FALSE(log.MarkerSentBefore(Timestamp::Seconds(9)).has_value());
}

TEST(SendLog, ReaderOnAnotherThreadSeesWholeEntries) {
  SendLog log(true);
  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!done) {
      for (uint32_t s = 0; s < 512; s += 37) {
        // Every entry the writer stores has time = sequence ms: a mix of two would not.
        if (auto t = log.VideoFrameSent(s); t && t->us() % 1'000'000 != static_cast<int64_t>(s) * 1000) ++torn;
      }
    }
  });
  for (uint32_t round = 0; round < 200; ++round) {
    for (uint32_t s = 0; s < 512; ++s) log.RecordVideoFrame(s, Timestamp::Micros(round * 1'000'000 + s * 1000));
  }
  done = true;
  reader.join();
  EXPECT_EQ(torn, 0);
}

}  // namespace
}  // namespace softmcu::loadgen
