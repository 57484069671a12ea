#pragma once
// Goodbye (BYE, PT 203; RFC 3550 §6.6): the listed sources are leaving, optionally with a
// reason. SSRCs are inline (at most 31 by the 5-bit SC); the reason, rare and never on
// a hot path, is a std::string.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//        0                   1                   2                   3
//        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       |V=2|P|    SC   |   PT=BYE=203  |             length            |
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       |                           SSRC/CSRC                           |
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//       :                              ...                              :
//       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// (opt) |     length    |               reason for leaving            ...
//       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Bye {
  static constexpr size_t kMaxSsrcs = CommonHeader::kMaxCount;  // 5-bit SC
  static constexpr size_t kMaxReasonLength = 255;               // 8-bit length octet

  FixedVector<uint32_t, kMaxSsrcs> ssrcs;
  std::string reason;  // empty: no reason field is written

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<Bye, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that; 0 when the writer has no room or the reason
  // is longer than kMaxReasonLength.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Bye&) const = default;
};

}  // namespace softmcu::rtcp
