#pragma once
// One reception report block (RFC 3550 §6.4.1), carried by SR and RR: what a receiver
// says about one source it hears. A plain value, 24 bytes on the wire.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// report |                 SSRC_1 (SSRC of first source)                 |
// block  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   1    | fraction lost |       cumulative number of packets lost       |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |           extended highest sequence number received           |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      interarrival jitter                      |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         last SR (LSR)                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                   delay since last SR (DLSR)                  |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
struct ReportBlock {
  static constexpr size_t kSize = 24;
  // RFC 3550 §6.4.1: cumulative lost is "a signed integer" of 24 bits (it goes negative
  // when duplicates arrive).
  static constexpr int32_t kMinCumulativeLost = -(1 << 23);
  static constexpr int32_t kMaxCumulativeLost = (1 << 23) - 1;

  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;  // fixed point, lost/expected * 256
  int32_t cumulative_lost = 0;
  uint32_t extended_highest_sequence = 0;
  uint32_t jitter = 0;               // in RTP timestamp units
  uint32_t last_sr = 0;              // middle 32 bits of the last SR's NTP timestamp
  uint32_t delay_since_last_sr = 0;  // in units of 1/65536 s

  // Reads the first kSize bytes of `data`.
  static tl::expected<ReportBlock, ParseError> Parse(std::span<const uint8_t> data);

  // Writes kSize bytes (cumulative_lost clamped to 24 bits); returns kSize or 0 when the
  // writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const ReportBlock&) const = default;
};

// RFC 3550 §6.4.1: the 5-bit report count bounds an SR/RR to 31 blocks, so they live inline.
inline constexpr size_t kMaxReportBlocks = 31;
using ReportBlockList = FixedVector<ReportBlock, kMaxReportBlocks>;

// `count` blocks from the start of `data`, for SR and RR. kCountPastBody when `data` holds
// fewer; bytes after them (profile-specific extensions) are left to the caller.
tl::expected<ReportBlockList, ParseError> ParseReportBlocks(std::span<const uint8_t> data, size_t count);

}  // namespace softmcu::rtcp
