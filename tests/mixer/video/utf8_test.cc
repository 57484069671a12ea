#include "mixer/video/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace softmcu {
namespace {

constexpr uint32_t R = kReplacementCharacter;

// As plain numbers: GoogleTest cannot print char32_t (C++20 deletes its operator<<).
std::vector<uint32_t> Decode(std::string_view text, size_t limit = 4096) {
  const auto cps = DecodeUtf8(text, limit);
  return {cps.begin(), cps.end()};
}

TEST(Utf8, DecodesVietnameseSiteName) {
  // "Triệu Sơn": ệ is U+1EC7 (3 bytes), ơ is U+01A1 (2 bytes).
  EXPECT_EQ(Decode("Tri\xE1\xBB\x87u S\xC6\xA1n"),
            (std::vector<uint32_t>{U'T', U'r', U'i', 0x1EC7, U'u', U' ', U'S', 0x01A1, U'n'}));
}

TEST(Utf8, DecodesFourByteSequences) {
  EXPECT_EQ(Decode("\xF0\x9F\x98\x80"), (std::vector<uint32_t>{0x1F600}));
}

struct BadCase {
  const char* name;
  std::string bytes;
  std::vector<uint32_t> expected;
};

TEST(Utf8, ReplacesEachMalformedSequenceOnceAndGoesOn) {
  const BadCase cases[] = {
      {"stray continuation", "a\x80z", {U'a', R, U'z'}},
      {"overlong 2-byte", "\xC0\xAF", {R, R}},
      {"overlong 3-byte", "\xE0\x80\xAF", {R, R, R}},
      {"surrogate", "\xED\xA0\x80", {R, R, R}},
      {"beyond U+10FFFF", "\xF4\x90\x80\x80", {R, R, R, R}},
      {"invalid lead F5", "\xF5\x80", {R, R}},
      {"truncated at end", "ab\xE1\xBB", {U'a', U'b', R}},
      {"truncated before ASCII", "\xE1\xBBx", {R, U'x'}},
      {"lead then lead", "\xC3\xC3\xA9", {R, 0xE9}},
      {"NUL kept", std::string("a\0b", 3), {U'a', 0, U'b'}},
  };
  for (const auto& c : cases) EXPECT_EQ(Decode(c.bytes), c.expected) << c.name;
}

TEST(Utf8, StopsAtTheCodePointLimit) {
  EXPECT_EQ(Decode("abcdef", 3), (std::vector<uint32_t>{U'a', U'b', U'c'}));
  EXPECT_TRUE(Decode("").empty());
}

TEST(Utf8, CombiningMarksAreTheToneMarksNotTheLetters) {
  EXPECT_TRUE(IsCombiningMark(0x0301));   // acute (sắc)
  EXPECT_TRUE(IsCombiningMark(0x0323));   // dot below (nặng)
  EXPECT_FALSE(IsCombiningMark(0x1EC7));  // precomposed ệ is a letter
  EXPECT_FALSE(IsCombiningMark(U'e'));
}

}  // namespace
}  // namespace softmcu
