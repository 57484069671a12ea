#pragma once
// Full intra request (PSFB PT 206, FMT 4; RFC 5104 §4.3.1): an MCU or receiver asks each
// listed media sender for a decoder refresh point (keyframe). The sequence number lets the
// sender tell a repeated request from a new one (§4.3.1.2). Entries are inline, so parsing
// allocates nothing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  FMT=4  |   PT=206      |          length               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of packet sender                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of media source (unused, 0)             |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   |                              SSRC                             |  FCI entry,
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  one or more
//   | Seq nr.       |    Reserved                                   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Fir {
  struct Entry {
    uint32_t ssrc = 0;   // the media sender asked for a refresh
    uint8_t seq_nr = 0;  // RFC 5104 §4.3.1.2: incremented per new request, modulo 256
    bool operator==(const Entry&) const = default;
  };
  static constexpr size_t kFixedBodySize = 8;
  static constexpr size_t kEntrySize = 8;
  // As many entries as a kMaxCompoundSize datagram can hold.
  static constexpr size_t kMaxEntries =
      (kMaxCompoundSize - CommonHeader::kSize - kFixedBodySize) / kEntrySize;

  uint32_t sender_ssrc = 0;
  // RFC 5104 §4.3.1.2: "SSRC of media source" is not used and SHALL be 0. Kept as read so a
  // round trip is exact.
  uint32_t media_ssrc = 0;
  FixedVector<Entry, kMaxEntries> entries;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<Fir, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes (reserved bits zero) and returns that; 0 when the writer has
  // no room or there are no entries.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Fir&) const = default;
};

}  // namespace softmcu::rtcp
