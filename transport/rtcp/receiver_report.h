#pragma once
// Receiver report (RR, PT 201; RFC 3550 §6.4.2): reception report blocks from a
// participant that is not sending (or has more than 31 sources to report on).
//
// A plain value with report blocks inline: parsing allocates nothing, and the same struct
// is filled in to build one:
//   ReceiverReport rr{.sender_ssrc = kOurSsrc};
//   if (!rr.report_blocks.push_back(block)) ...  // full at 31
// Profile-specific extensions after the blocks are skipped on parse and never written.

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
// header |V=2|P|    RC   |   PT=RR=201   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     SSRC of packet sender                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// report |                 report blocks (ReportBlock), RC of them       |
// blocks :                              ...                              :
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  profile-specific extensions                  |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct ReceiverReport {
  static constexpr size_t kFixedBodySize = 4;  // sender SSRC

  uint32_t sender_ssrc = 0;
  ReportBlockList report_blocks;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<ReceiverReport, ParseError> Parse(const CommonHeader& header,
                                                        std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that, or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const ReceiverReport&) const = default;
};

}  // namespace softmcu::rtcp
