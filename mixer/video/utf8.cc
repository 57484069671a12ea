#include "mixer/video/utf8.h"

#include <cstdint>

namespace softmcu {
namespace {

// Length of the sequence a lead byte announces and the range its second byte must be in
// (Unicode 15, Table 3-7 "Well-Formed UTF-8 Byte Sequences"); 0 for an invalid lead.
struct Lead {
  int length;
  uint8_t second_min;
  uint8_t second_max;
};

Lead LeadOf(uint8_t b) {
  if (b < 0x80) return {1, 0, 0};
  if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF};
  if (b == 0xE0) return {3, 0xA0, 0xBF};  // no overlong 3-byte forms
  if (b == 0xED) return {3, 0x80, 0x9F};  // no surrogates
  if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF};
  if (b == 0xF0) return {4, 0x90, 0xBF};  // no overlong 4-byte forms
  if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF};
  if (b == 0xF4) return {4, 0x80, 0x8F};  // nothing beyond U+10FFFF
  return {0, 0, 0};                       // 0x80..0xC1 (continuation, overlong 2-byte), 0xF5..
}

}  // namespace

std::vector<char32_t> DecodeUtf8(std::string_view text, size_t max_code_points) {
  std::vector<char32_t> out;
  size_t i = 0;
  while (i < text.size() && out.size() < max_code_points) {
    const auto b0 = static_cast<uint8_t>(text[i]);
    const Lead lead = LeadOf(b0);
    if (lead.length == 1) {
      out.push_back(b0);
      ++i;
      continue;
    }
    if (lead.length == 0) {
      out.push_back(kReplacementCharacter);
      ++i;
      continue;
    }
    char32_t cp = b0 & (0xFF >> (lead.length + 1));
    int taken = 1;
    for (; taken < lead.length && i + taken < text.size(); ++taken) {
      const auto b = static_cast<uint8_t>(text[i + taken]);
      const uint8_t lo = taken == 1 ? lead.second_min : 0x80;
      const uint8_t hi = taken == 1 ? lead.second_max : 0xBF;
      if (b < lo || b > hi) break;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (taken == lead.length) {
      out.push_back(cp);
    } else {
      out.push_back(kReplacementCharacter);  // the maximal subpart is replaced once
    }
    i += static_cast<size_t>(taken);
  }
  return out;
}

bool IsCombiningMark(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) ||  // Combining Diacritical Marks (Vietnamese tones)
         (c >= 0x1AB0 && c <= 0x1AFF) ||  // ... Extended
         (c >= 0x1DC0 && c <= 0x1DFF) ||  // ... Supplement
         (c >= 0x20D0 && c <= 0x20FF) ||  // ... for Symbols
         (c >= 0xFE20 && c <= 0xFE2F);    // Combining Half Marks
}

}  // namespace softmcu
