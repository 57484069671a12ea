#pragma once
// Receiver estimated maximum bitrate (REMB: PSFB PT 206, FMT 15 "application layer
// feedback" with the "REMB" identifier; draft-alvestrand-rmcat-remb-03 §2.2): a receiver's
// bandwidth estimate for the listed SSRCs together. Not an RFC, but what browsers without
// transport-cc still send. SSRCs are inline (at most 255 by the 8-bit count), so parsing
// allocates nothing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "core/units.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P| FMT=15  |   PT=206      |             length            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of packet sender                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of media source (unused, 0)             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Unique identifier 'R' 'E' 'M' 'B'                            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Num SSRC     | BR Exp    |  BR Mantissa                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |   SSRC feedback                                               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  ...                                                          |
struct Remb {
  static constexpr size_t kFixedBodySize = 16;  // SSRCs, identifier, num/exp/mantissa
  static constexpr size_t kMaxSsrcs = 255;      // 8-bit "Num SSRC"
  static constexpr int kMantissaBits = 18;

  uint32_t sender_ssrc = 0;
  // draft-alvestrand-rmcat-remb-03 §2.2: "SSRC of media source" is always 0. Kept as read so
  // a round trip is exact.
  uint32_t media_ssrc = 0;
  // BR Exp/Mantissa: written with the smallest exponent, rounding down; negative as 0.
  DataRate bitrate;
  FixedVector<uint32_t, kMaxSsrcs> ssrcs;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  // Bytes after the Num SSRC entries are ignored.
  static tl::expected<Remb, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that, or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Remb&) const = default;
};

}  // namespace softmcu::rtcp
