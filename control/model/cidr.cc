#include "control/model/cidr.h"

#include <arpa/inet.h>

#include <cstring>

namespace softmcu::control {
namespace {

struct ParsedAddress {
  Cidr::Family family;
  std::array<uint8_t, 16> bytes{};
};

std::optional<ParsedAddress> ParseAddress(std::string_view text) {
  // inet_pton needs a NUL-terminated string; addresses are short.
  if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN + 1];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  ParsedAddress out;
  if (inet_pton(AF_INET, buffer, out.bytes.data()) == 1) {
    out.family = Cidr::Family::kIPv4;
    return out;
  }
  if (inet_pton(AF_INET6, buffer, out.bytes.data()) == 1) {
    out.family = Cidr::Family::kIPv6;
    static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(out.bytes.data(), kMapped, sizeof(kMapped)) == 0) {
      // ::ffff:a.b.c.d is the IPv4 host a.b.c.d (a dual-stack socket reports it so).
      std::array<uint8_t, 16> v4{};
      std::memcpy(v4.data(), out.bytes.data() + 12, 4);
      out.bytes = v4;
      out.family = Cidr::Family::kIPv4;
    }
    return out;
  }
  return std::nullopt;
}

int MaxPrefix(Cidr::Family family) { return family == Cidr::Family::kIPv4 ? 32 : 128; }

bool PrefixMatches(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int prefix) {
  const int full = prefix / 8;
  if (std::memcmp(a.data(), b.data(), static_cast<size_t>(full)) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (b[full] & mask);
}

std::array<uint8_t, 16> MaskTo(std::array<uint8_t, 16> bytes, int prefix) {
  for (int i = 0; i < 16; ++i) {
    const int bits_here = prefix - i * 8;
    if (bits_here >= 8) continue;
    bytes[i] = bits_here <= 0 ? 0 : static_cast<uint8_t>(bytes[i] & (0xff << (8 - bits_here)));
  }
  return bytes;
}

std::string FormatAddress(Cidr::Family family, const std::array<uint8_t, 16>& bytes) {
  char buffer[INET6_ADDRSTRLEN];
  inet_ntop(family == Cidr::Family::kIPv4 ? AF_INET : AF_INET6, bytes.data(), buffer, sizeof(buffer));
  return buffer;
}

}  // namespace

std::optional<Cidr> Cidr::Parse(std::string_view text, CidrError* error, std::string* suggestion) {
  auto fail = [&](CidrError e) -> std::optional<Cidr> {
    if (error != nullptr) *error = e;
    return std::nullopt;
  };
  if (text.empty()) return fail(CidrError::kEmpty);
  const size_t slash = text.find('/');
  auto address = ParseAddress(text.substr(0, slash));
  if (!address) return fail(CidrError::kBadAddress);
  const int max = MaxPrefix(address->family);
  int prefix = max;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    // Decimal, 1–3 digits, no sign, no leading zero (except "0" itself).
    if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) {
      return fail(CidrError::kBadPrefix);
    }
    prefix = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return fail(CidrError::kBadPrefix);
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > max) return fail(CidrError::kBadPrefix);
  }
  const auto masked = MaskTo(address->bytes, prefix);
  if (masked != address->bytes) {
    if (suggestion != nullptr) *suggestion = FormatAddress(address->family, masked) + "/" + std::to_string(prefix);
    return fail(CidrError::kHostBitsSet);
  }
  return Cidr(address->family, masked, prefix);
}

bool Cidr::Contains(std::string_view address) const {
  auto parsed = ParseAddress(address);
  if (!parsed || parsed->family != family_) return false;
  return PrefixMatches(parsed->bytes, bytes_, prefix_);
}

std::string Cidr::ToString() const {
  std::string text = FormatAddress(family_, bytes_);
  if (prefix_ != MaxPrefix(family_)) text += "/" + std::to_string(prefix_);
  return text;
}

const char* ToString(CidrError error) {
  switch (error) {
    case CidrError::kEmpty: return "empty";
    case CidrError::kBadAddress: return "not an IPv4 or IPv6 address";
    case CidrError::kBadPrefix: return "bad prefix length";
    case CidrError::kHostBitsSet: return "host bits set below the prefix";
  }
  return "?";
}

}  // namespace softmcu::control
