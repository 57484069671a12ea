#pragma once
// Picture loss indication (PSFB PT 206, FMT 1; RFC 4585 §6.3.1): a decoder lost sync with
// the media source and wants a keyframe (or an intra refresh). No FCI, just the two SSRCs.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  FMT=1  |   PT=206      |          length=2             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of packet sender                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of media source                         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Pli {
  static constexpr size_t kFixedBodySize = 8;

  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;  // the source whose picture is lost

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  // RFC 4585 §6.3.1 says the length MUST be 2; a longer body is tolerated and its extra
  // bytes ignored, since the request means the same either way.
  static tl::expected<Pli, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const { return CommonHeader::kSize + kFixedBodySize; }
  // Writes BlockLength() bytes and returns that, or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Pli&) const = default;
};

}  // namespace softmcu::rtcp
