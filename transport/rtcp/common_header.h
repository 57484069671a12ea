#pragma once
// The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1, shared by the
// feedback messages of RFC 4585 §6.1), and the packet type / format numbers we know.
// A plain value: parsing reads 4 bytes and checks only the version; whether the length
// fits the datagram and the padding is sane is the compound's business (RtcpCompoundView).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "core/packet_buffer_pool.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

// RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2.
inline constexpr uint8_t kPtSenderReport = 200;
inline constexpr uint8_t kPtReceiverReport = 201;
inline constexpr uint8_t kPtSdes = 202;
inline constexpr uint8_t kPtBye = 203;
inline constexpr uint8_t kPtApp = 204;
inline constexpr uint8_t kPtRtpFeedback = 205;      // RTPFB
inline constexpr uint8_t kPtPayloadFeedback = 206;  // PSFB
inline constexpr uint8_t kPtExtendedReport = 207;   // XR

// FMT values inside RTPFB (RFC 4585 §6.2, RFC 5104 §4.2).
inline constexpr uint8_t kFmtNack = 1;
inline constexpr uint8_t kFmtTmmbr = 3;
inline constexpr uint8_t kFmtTmmbn = 4;
// FMT values inside PSFB (RFC 4585 §6.3, RFC 5104 §4.3).
inline constexpr uint8_t kFmtPli = 1;
inline constexpr uint8_t kFmtFir = 4;
inline constexpr uint8_t kFmtAfb = 15;  // application layer feedback, e.g. REMB

// No datagram we receive is longer than a pooled packet buffer; fixed-capacity lists in the
// typed packets are sized from it, so any packet from our receive path fits them.
inline constexpr size_t kMaxCompoundSize = PacketBuffer::kCapacity;

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| RC/FMT  |      PT       |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct CommonHeader {
  static constexpr size_t kSize = 4;
  static constexpr uint8_t kVersion = 2;
  static constexpr uint8_t kMaxCount = 31;  // 5-bit RC/SC/FMT field

  bool padding = false;
  uint8_t count_or_format = 0;  // RC (SR, RR), SC (SDES, BYE) or FMT (RTPFB, PSFB)
  uint8_t packet_type = 0;
  uint16_t length_words = 0;  // the wire field: packet length in 32-bit words minus one

  // Whole packet on the wire, header and any padding included.
  size_t PacketSize() const { return (size_t{length_words} + 1) * 4; }

  // Reads the first 4 bytes of `data`. Fails on fewer than 4 bytes or a version other than 2.
  static tl::expected<CommonHeader, ParseError> Parse(std::span<const uint8_t> data);

  // The header of an unpadded packet of `packet_size` bytes. nullopt when the size is not a
  // whole number of words, does not fit the 16-bit length field, or the count exceeds 5 bits.
  static std::optional<CommonHeader> ForPacket(uint8_t count_or_format, uint8_t packet_type,
                                               size_t packet_size);

  // Writes 4 bytes; returns 4, or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const CommonHeader&) const = default;
};

}  // namespace softmcu::rtcp
