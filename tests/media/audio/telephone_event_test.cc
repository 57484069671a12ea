#include "media/audio/telephone_event.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace softmcu {
namespace {

TEST(TelephoneEvent, ParsesFields) {
  const std::vector<uint8_t> p = {
      0x0b,        // event 11 ('#')
      0x8a,        // E=1 R=0 volume 10
      0x03, 0x20,  // duration 800 (100 ms at 8 kHz)
  };
  auto e = TelephoneEvent::Parse(p);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->event, 11);
  EXPECT_TRUE(e->end);
  EXPECT_EQ(e->volume, 10);
  EXPECT_EQ(e->duration, 800);
}

TEST(TelephoneEvent, IgnoresReservedBit) {
  const std::vector<uint8_t> p = {0x01, 0x4a, 0x00, 0xa0};  // E=0 R=1 volume 10
  auto e = TelephoneEvent::Parse(p);
  ASSERT_TRUE(e.has_value());
  EXPECT_FALSE(e->end);
  EXPECT_EQ(e->volume, 10);
}

TEST(TelephoneEvent, RejectsWrongSize) {
  EXPECT_FALSE(TelephoneEvent::Parse(std::vector<uint8_t>{0x01, 0x0a, 0x00}).has_value());
  EXPECT_FALSE(TelephoneEvent::Parse(std::vector<uint8_t>{0x01, 0x0a, 0x00, 0xa0, 0x00}).has_value());
  EXPECT_FALSE(TelephoneEvent::Parse({}).has_value());
}

TEST(TelephoneEvent, RoundTripsThroughWrite) {
  const TelephoneEvent e{.event = 10, .end = true, .volume = 63, .duration = 0xfffe};
  std::array<uint8_t, 4> buf{};
  ASSERT_TRUE(e.Write(buf));
  EXPECT_EQ(buf, (std::array<uint8_t, 4>{0x0a, 0xbf, 0xff, 0xfe}));
  auto back = TelephoneEvent::Parse(buf);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->event, 10);
  EXPECT_TRUE(back->end);
  EXPECT_EQ(back->volume, 63);
  EXPECT_EQ(back->duration, 0xfffe);
}

TEST(TelephoneEvent, WriteFailsIntoShortBuffer) {
  std::array<uint8_t, 3> buf{};
  EXPECT_FALSE(TelephoneEvent{}.Write(buf));
}

TEST(TelephoneEvent, MapsDtmfKeys) {
  EXPECT_EQ(TelephoneEvent::DtmfKey(0), '0');
  EXPECT_EQ(TelephoneEvent::DtmfKey(9), '9');
  EXPECT_EQ(TelephoneEvent::DtmfKey(10), '*');
  EXPECT_EQ(TelephoneEvent::DtmfKey(11), '#');
  EXPECT_EQ(TelephoneEvent::DtmfKey(12), 'A');
  EXPECT_EQ(TelephoneEvent::DtmfKey(15), 'D');
  EXPECT_EQ(TelephoneEvent::DtmfKey(16), '\0');
}

}  // namespace
}  // namespace softmcu
