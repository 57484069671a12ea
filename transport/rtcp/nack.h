#pragma once
// Generic NACK (RTPFB PT 205, FMT 1; RFC 4585 §6.2.1): a receiver lists the RTP sequence
// numbers it lost so the sender can retransmit them (RFC 4588).
//
// The lost set travels as PID/BLP pairs; this value keeps the pairs exactly as on the wire
// (inline, so parsing allocates nothing) and expands them on demand:
//   nack.ForEachLostSequenceNumber([&](uint16_t seq) { history.Resend(seq); });
// To build one from a NACK generator's list: Nack::FromLostSequenceNumbers(...).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <tl/expected.hpp>
#include <vector>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/fixed_vector.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |V=2|P|  FMT=1  |   PT=205      |          length               |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of packet sender                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                  SSRC of media source                         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |            PID                |             BLP               |  FCI, one or more
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Nack {
  struct Item {
    uint16_t pid = 0;  // a lost packet
    uint16_t blp = 0;  // bit i (LSB = 0) set: PID + i + 1 (mod 2^16) lost too
    bool operator==(const Item&) const = default;
  };
  static constexpr size_t kFixedBodySize = 8;  // sender and media SSRC
  // As many items as a kMaxCompoundSize datagram can hold.
  static constexpr size_t kMaxItems = (kMaxCompoundSize - CommonHeader::kSize - kFixedBodySize) / 4;

  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  FixedVector<Item, kMaxItems> items;

  // Packs `lost` into PID/BLP pairs. `lost` is in ascending order modulo 2^16 (…, 65535, 0,
  // 1, … is ascending), as a NACK generator keeps it; other orders still cover every number,
  // with more items. nullopt when more than kMaxItems items are needed (split the list).
  static std::optional<Nack> FromLostSequenceNumbers(uint32_t sender_ssrc, uint32_t media_ssrc,
                                                     std::span<const uint16_t> lost);

  // Calls `f(uint16_t seq)` for each lost sequence number, item by item, PID first.
  template <typename F>
  void ForEachLostSequenceNumber(F&& f) const {
    for (const Item& item : items) {
      f(item.pid);
      for (int bit = 0; bit < 16; ++bit) {
        if (item.blp & (1u << bit)) f(static_cast<uint16_t>(item.pid + bit + 1));
      }
    }
  }
  // The same, collected (allocates; for tests and control-plane code).
  std::vector<uint16_t> LostSequenceNumbers() const;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  static tl::expected<Nack, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that; 0 when the writer has no room or there are no
  // items (RFC 4585 §6.2.1 requires at least one).
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Nack&) const = default;
};

}  // namespace softmcu::rtcp
