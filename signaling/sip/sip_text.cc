#include "signaling/sip/sip_text.h"

#include "signaling/sip/sip_limits.h"

namespace softmcu::sip {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsTokenChar(char c) {
  if (IsAlnum(c)) return true;
  switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool IsWordChar(char c) {
  if (IsTokenChar(c)) return true;
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '{':
    case '}':
      return true;
    default:
      return false;
  }
}

bool IsUnreserved(char c) {
  if (IsAlnum(c)) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '!':
    case '~':
    case '*':
    case '\'':
    case '(':
    case ')':
      return true;
    default:
      return false;
  }
}

static char Lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// LWS = [*WSP CRLF] 1*WSP (RFC 3261 §25.1): a CRLF is whitespace only when a WSP follows.
size_t SkipLws(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ' || c == '\t') {
      ++pos;
    } else if (c == '\r' && pos + 2 < text.size() && text[pos + 1] == '\n' &&
               (text[pos + 2] == ' ' || text[pos + 2] == '\t')) {
      pos += 3;
    } else {
      break;
    }
  }
  return pos;
}

std::string_view TrimLws(std::string_view text) {
  const size_t begin = SkipLws(text, 0);
  size_t end = text.size();
  while (end > begin) {
    const char c = text[end - 1];
    if (c == ' ' || c == '\t') {
      --end;
    } else if (c == '\n' && end >= 2 && text[end - 2] == '\r') {
      end -= 2;  // only reachable through a fold followed by WSP already trimmed
    } else {
      break;
    }
  }
  return text.substr(begin, end - begin);
}

std::string Unfold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t next = SkipLws(text, pos);
    if (next != pos) {
      out.push_back(' ');
      pos = next;
      continue;
    }
    out.push_back(text[pos++]);
  }
  return out;
}

std::optional<uint64_t> ParseDigits(std::string_view text, uint64_t max) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (!IsDigit(c)) return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > max) return std::nullopt;  // also stops before any overflow
  }
  return value;
}

// Length of the UTF-8 sequence starting at text[pos] (2-4), or 0 if it is not one
// (RFC 3629 §4: no overlongs, no surrogates, nothing above U+10FFFF).
static size_t Utf8SequenceLength(std::string_view text, size_t pos) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
  const uint8_t b0 = byte(pos);
  size_t length = 0;
  uint8_t low = 0x80, high = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    if (b0 == 0xe0) low = 0xa0;
    if (b0 == 0xed) high = 0x9f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    if (b0 == 0xf0) low = 0x90;
    if (b0 == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (pos + length > text.size()) return 0;
  if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (byte(pos + i) < 0x80 || byte(pos + i) > 0xbf) return 0;
  }
  return length;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (static_cast<uint8_t>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const size_t length = Utf8SequenceLength(text, pos);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

// quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE
// qdtext        = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
// quoted-pair   = "\" (%x00-09 / %x0B-0C / %x0E-7F)
std::optional<std::string> ParseQuotedString(std::string_view text, size_t pos, size_t* end) {
  if (pos >= text.size() || text[pos] != '"') return std::nullopt;
  std::string out;
  ++pos;
  while (pos < text.size()) {
    const char c = text[pos];
    const auto u = static_cast<uint8_t>(c);
    if (c == '"') {
      *end = pos + 1;
      return out;
    }
    if (c == '\\') {
      if (pos + 1 >= text.size()) return std::nullopt;
      const auto escaped = static_cast<uint8_t>(text[pos + 1]);
      if (escaped > 0x7f || escaped == 0x0a || escaped == 0x0d) return std::nullopt;
      out.push_back(static_cast<char>(escaped));
      pos += 2;
      continue;
    }
    const size_t after_lws = SkipLws(text, pos);
    if (after_lws != pos) {
      out.push_back(' ');
      pos = after_lws;
      continue;
    }
    if (u >= 0x80) {
      const size_t length = Utf8SequenceLength(text, pos);
      if (length == 0) return std::nullopt;
      out.append(text.substr(pos, length));
      pos += length;
      continue;
    }
    if (u < 0x21 || u == 0x7f) return std::nullopt;  // bare controls (SP/HT taken as LWS above)
    out.push_back(c);
    ++pos;
  }
  return std::nullopt;  // unterminated (quotbal)
}

std::string QuoteString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto u = static_cast<uint8_t>(c);
    if (c == '\r' || c == '\n') continue;
    if (c == '"' || c == '\\' || (u < 0x20 && c != '\t') || u == 0x7f) out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool HasValidEscapes(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2])) return false;
    i += 2;
  }
  return true;
}

static int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return Lower(c) - 'a' + 10;
}

std::optional<std::string> Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 2 >= text.size() || !IsHex(text[i + 1]) || !IsHex(text[i + 2])) return std::nullopt;
    out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
    i += 2;
  }
  return out;
}

SipResult<std::vector<std::string_view>> SplitList(std::string_view value, size_t max_elements) {
  std::vector<std::string_view> elements;
  bool in_quotes = false;
  bool in_angle = false;
  size_t start = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i == value.size() || (value[i] == ',' && !in_quotes && !in_angle)) {
      if (elements.size() >= max_elements) {
        return MakeSipError(SipErrorCode::kTooManyValues,
                            "more than " + std::to_string(max_elements) + " values");
      }
      elements.push_back(TrimLws(value.substr(start, i - start)));
      start = i + 1;
      continue;
    }
    const char c = value[i];
    if (in_quotes) {
      if (c == '\\') {
        ++i;  // quoted-pair: skip the escaped character
      } else if (c == '"') {
        in_quotes = false;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == '<') {
      in_angle = true;
    } else if (c == '>') {
      in_angle = false;
    }
  }
  if (in_quotes) return MakeSipError(SipErrorCode::kBadHeader, "unterminated quoted string");
  return elements;
}

SipResult<std::vector<std::string>> ParseTokenList(std::string_view value, std::string_view header) {
  auto elements = SplitList(value, SipLimits::kMaxListElements);
  if (!elements) return tl::unexpected(elements.error());
  std::vector<std::string> tokens;
  if (elements->size() == 1 && elements->front().empty()) return tokens;  // Supported: (empty) is legal
  for (std::string_view element : *elements) {
    if (!IsToken(element)) {
      return MakeSipError(SipErrorCode::kBadHeader,
                          std::string(header) + ": not a token: " + Excerpt(element), std::string(header));
    }
    tokens.emplace_back(element);
  }
  return tokens;
}

std::string Excerpt(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto u = static_cast<uint8_t>(text[i]);
    out.push_back(u < 0x20 || u == 0x7f ? '?' : text[i]);
  }
  if (text.size() > 40) out += "...";
  out.push_back('"');
  return out;
}

}  // namespace softmcu::sip
