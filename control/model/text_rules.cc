#include "control/model/text_rules.h"

#include <cstdint>

namespace softmcu::control {
namespace {

// Decodes one code point at text[*pos]; advances *pos. False on invalid UTF-8.
bool NextCodePoint(std::string_view text, size_t* pos, uint32_t* out) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(*pos);
  size_t extra;
  uint32_t cp;
  uint32_t min;
  if (b0 < 0x80) {
    *out = b0;
    ++*pos;
    return true;
  } else if ((b0 & 0xe0) == 0xc0) {
    extra = 1, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    extra = 2, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    return false;
  }
  if (*pos + extra >= text.size()) return false;
  for (size_t i = 1; i <= extra; ++i) {
    const uint8_t b = byte(*pos + i);
    if ((b & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  *pos += extra + 1;
  *out = cp;
  return true;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  uint32_t cp;
  while (pos < text.size()) {
    if (!NextCodePoint(text, &pos, &cp)) return false;
  }
  return true;
}

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<uint8_t>(c) & 0xc0) != 0x80) ++count;
  }
  return count;
}

bool IsCleanText(std::string_view text, TextKind kind) {
  size_t pos = 0;
  uint32_t cp;
  while (pos < text.size()) {
    if (!NextCodePoint(text, &pos, &cp)) return false;
    const bool control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
    if (!control) continue;
    if (kind == TextKind::kMultiline && (cp == '\n' || cp == '\t' || cp == '\r')) continue;
    return false;
  }
  return true;
}

bool IsValidPhone(std::string_view text) {
  size_t digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '+') {
      if (i != 0) return false;
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 3 && digits <= 20;
}

bool IsDigits(std::string_view text, size_t min_length, size_t max_length) {
  if (text.size() < min_length || text.size() > max_length) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace softmcu::control
