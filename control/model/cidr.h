#pragma once
// An IPv4 or IPv6 network in CIDR notation, for the allow lists of bridge points (An Giang
// art. 10.1: only addresses on the allow list may connect). "192.0.2.7" and "2001:db8::1"
// are single hosts (/32, /128); "198.51.100.0/24" and "2001:db8::/32" are networks.
//
// Parsing is strict, because a typo in an allow list is a security hole or an outage:
// a prefix longer than the family allows, a prefix with a sign or leading zeros, or host
// bits set below the prefix ("10.1.2.3/8": did the operator mean 10.0.0.0/8 or the host?)
// are errors whose message proposes the network. Plain value; any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace softmcu::control {

enum class CidrError {
  kEmpty,
  kBadAddress,     // not an IPv4 or IPv6 literal
  kBadPrefix,      // not a decimal number of the family's range
  kHostBitsSet,    // see Cidr::Parse
};


class Cidr {
 public:
  enum class Family { kIPv4, kIPv6 };

  // On kHostBitsSet, `*suggestion` (if given) receives the network the operator probably meant.
  static std::optional<Cidr> Parse(std::string_view text, CidrError* error = nullptr,
                                   std::string* suggestion = nullptr);

  // Whether `address` (an IPv4 or IPv6 literal, IPv4-mapped IPv6 "::ffff:a.b.c.d" counts
  // as IPv4) lies in this network. A string that is not an address is never contained.
  bool Contains(std::string_view address) const;

  Family family() const { return family_; }
  int prefix_length() const { return prefix_; }
  // Canonical text: "198.51.100.0/24", "2001:db8::/32"; hosts without the prefix.
  std::string ToString() const;

  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  Cidr(Family family, std::array<uint8_t, 16> bytes, int prefix) : family_(family), bytes_(bytes), prefix_(prefix) {}
  Family family_ = Family::kIPv4;
  std::array<uint8_t, 16> bytes_{};  // IPv4 in the first 4 bytes
  int prefix_ = 0;
};

const char* ToString(CidrError error);

}  // namespace softmcu::control
