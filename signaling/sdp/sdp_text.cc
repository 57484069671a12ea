#include "signaling/sdp/sdp_text.h"

#include <cctype>

#include "transport/srtp/sdes_key.h"

namespace softmcu::sdp {

std::string_view TrimWhitespace(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> SplitFields(std::string_view text, size_t max_fields) {
  std::vector<std::string_view> fields;
  text = TrimWhitespace(text);
  while (!text.empty() && fields.size() < max_fields) {
    if (fields.size() + 1 == max_fields) {
      fields.push_back(text);
      break;
    }
    size_t end = text.find_first_of(" \t");
    fields.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text = TrimWhitespace(text.substr(end));
  }
  return fields;
}

std::pair<std::string_view, std::string_view> SplitOnce(std::string_view text, char separator) {
  size_t pos = text.find(separator);
  if (pos == std::string_view::npos) return {text, {}};
  return {text.substr(0, pos), text.substr(pos + 1)};
}

std::optional<uint64_t> ParseUnsigned(std::string_view text, uint64_t max) {
  if (text.empty() || text.size() > 20) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

std::optional<double> ParseDecimal(std::string_view text) {
  auto [whole, fraction] = SplitOnce(text, '.');
  auto integer = ParseUnsigned(whole, 1'000'000);
  if (!integer) return std::nullopt;
  double value = static_cast<double>(*integer);
  if (text.find('.') == std::string_view::npos) return value;
  if (fraction.empty() || fraction.size() > 6) return std::nullopt;
  double scale = 0.1;
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    value += scale * (c - '0');
    scale /= 10;
  }
  return value;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    // token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
    const auto u = static_cast<unsigned char>(c);
    const bool ok = u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D ||
                    u == 0x2E || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
                    (u >= 0x5E && u <= 0x7E);
    if (!ok) return false;
  }
  return true;
}

std::string Quote(std::string_view untrusted) {
  // Error messages end up in log lines and Warning headers: an inline SRTP key quoted from a
  // malformed line must not (docs/security.md). Redacted before cutting, so that a key is
  // never half shown either.
  const std::string redacted = SdesKey::Redact(untrusted);
  const std::string_view text = redacted;
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    out += (u < 0x20 || u == 0x7F) ? '?' : text[i];
  }
  if (text.size() > 40) out += "...";
  out += "'";
  return out;
}

}  // namespace softmcu::sdp
