#pragma once
// Helpers shared by the RTCP tests: serialize a typed packet into a fresh buffer, and parse
// bytes the way the receive path does (through RtcpCompoundView), so a test on one type
// also sees the compound-level checks (length, padding, version).

#include <gtest/gtest.h>

#include <cstdint>
#include <span>
#include <tl/expected.hpp>
#include <vector>

#include "core/byte_io.h"
#include "transport/rtcp/compound_view.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp::testing {

template <typename P>
std::vector<uint8_t> Serialize(const P& packet) {
  std::vector<uint8_t> out(packet.BlockLength());
  ByteWriter writer(out);
  EXPECT_EQ(packet.Serialize(writer), out.size());
  return out;
}

// Parses `bytes` as a compound whose first packet is a P.
template <typename P>
tl::expected<P, ParseError> ParseFirst(std::span<const uint8_t> bytes) {
  RtcpCompoundView compound(bytes);
  auto packet = compound.Next();
  if (!packet) return tl::unexpected(compound.error().value_or(ParseError::kTruncatedHeader));
  return P::Parse(packet->header, packet->body);
}

inline std::vector<uint8_t> Bytes(std::span<const uint8_t> bytes) {
  return {bytes.begin(), bytes.end()};
}

}  // namespace softmcu::rtcp::testing
