#pragma once
// Temporary maximum media stream bit rate request (RTPFB PT 205, FMT 3; RFC 5104 §4.2.1):
// a receiver (or an MCU on its behalf) asks the listed media senders to stay under a bitrate.
// The sender answers with a TMMBN carrying the bounding set it applies. Entries are inline,
// so parsing allocates nothing.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/parse_error.h"
#include "transport/rtcp/tmmb_item.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  FMT=3  |   PT=205      |          length               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of packet sender                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of media source (unused, 0)             |
//   +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//   :            FCI: TmmbItem entries, 8 bytes each                :
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Tmmbr {
  static constexpr size_t kFixedBodySize = 8;

  uint32_t sender_ssrc = 0;
  // RFC 5104 §4.2.1.2: "SSRC of media source" is not used and SHALL be 0. Kept as read so a
  // round trip is exact.
  uint32_t media_ssrc = 0;
  TmmbItemList items;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<Tmmbr, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that; 0 when the writer has no room or there are no
  // items (a TMMBR requests something).
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Tmmbr&) const = default;
};

}  // namespace softmcu::rtcp
