#pragma once
// Sender report (SR, PT 200; RFC 3550 §6.4.1): what an active sender says about what it
// sent (for lip sync and RTT) plus up to 31 reception report blocks.
//
// A plain value with report blocks inline: parsing allocates nothing, and the same struct
// is filled in to build one. Profile-specific extensions after the blocks are skipped on
// parse and never written.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/parse_error.h"
#include "transport/rtcp/report_block.h"

namespace softmcu::rtcp {

//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=SR=200   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         SSRC of sender                        |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// sender |              NTP timestamp, most significant word             |
// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |             NTP timestamp, least significant word             |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         RTP timestamp                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     sender's packet count                     |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      sender's octet count                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// report |                 report blocks (ReportBlock), RC of them       |
// blocks :                              ...                              :
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  profile-specific extensions                  |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct SenderReport {
  static constexpr size_t kFixedBodySize = 24;  // sender SSRC + sender info

  uint32_t sender_ssrc = 0;
  uint64_t ntp_timestamp = 0;  // 32.32 fixed point seconds since 1900
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;
  ReportBlockList report_blocks;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<SenderReport, ParseError> Parse(const CommonHeader& header,
                                                      std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that, or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const SenderReport&) const = default;
};

}  // namespace softmcu::rtcp
