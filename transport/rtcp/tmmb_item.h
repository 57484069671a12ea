#pragma once
// One FCI entry of TMMBR and TMMBN (RFC 5104 §4.2.1.1 and §4.2.2.1 share the layout): a
// maximum total media bitrate for one SSRC and the per-packet overhead it was measured with.

#include <cstddef>
#include <cstdint>
#include <span>
#include <tl/expected.hpp>

#include "core/byte_io.h"
#include "core/units.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                              SSRC                             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   | MxTBR Exp |  MxTBR Mantissa                 |Measured Overhead|
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct TmmbItem {
  static constexpr size_t kSize = 8;
  static constexpr int kMantissaBits = 17;
  static constexpr uint16_t kMaxPacketOverhead = 0x1ff;  // 9 bits

  uint32_t ssrc = 0;
  // MxTBR = mantissa * 2^exp bits per second. Written with the smallest exponent, rounding
  // down (never ask for more than meant); negative rates are written as 0.
  DataRate max_bitrate;
  uint16_t packet_overhead = 0;  // bytes per packet below RTP, clamped to 9 bits on write

  // Reads the first kSize bytes of `data`.
  static tl::expected<TmmbItem, ParseError> Parse(std::span<const uint8_t> data);
  // Writes kSize bytes; returns kSize or 0 when the writer has no room.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const TmmbItem&) const = default;
};

// TMMBR/TMMBN carry one entry per constrained SSRC; real senders send one or a few. 64 keeps
// the inline list small; a packet with more is rejected with kTooManyEntries.
inline constexpr size_t kMaxTmmbItems = 64;
using TmmbItemList = FixedVector<TmmbItem, kMaxTmmbItems>;

// Every entry of `fci`, which must be a whole number of entries (possibly none).
tl::expected<TmmbItemList, ParseError> ParseTmmbItems(std::span<const uint8_t> fci);

}  // namespace softmcu::rtcp
