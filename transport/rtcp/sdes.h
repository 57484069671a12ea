#pragma once
// Source description (SDES, PT 202; RFC 3550 §6.5): per-SSRC text items, of which CNAME
// is the one every endpoint sends (it ties a participant's SSRCs together).
//
// Not a hot path (one per report interval), so the value owns its text in std::string and
// std::vector: parsing allocates. Item types we do not interpret (NAME..PRIV and beyond)
// are kept as opaque text so a round trip preserves them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

#include "core/byte_io.h"
#include "transport/rtcp/common_header.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// chunk  |                          SSRC/CSRC_1                          |
//   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                           SDES items                          |
//        |                              ...                              |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// chunk  |                          SSRC/CSRC_2                          |
//   2    :                              ...                              :
//
// An item (RFC 3550 §6.5.1), the list ended by a zero type octet and null-padded to the
// next 32-bit boundary:
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |    CNAME=1    |     length    | user and domain name        ...
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
struct Sdes {
  // RFC 3550 §12.2. Other values are legal on the wire and kept as they are.
  enum class ItemType : uint8_t {
    kEnd = 0,
    kCname = 1,
    kName = 2,
    kEmail = 3,
    kPhone = 4,
    kLoc = 5,
    kTool = 6,
    kNote = 7,
    kPriv = 8,
  };
  struct Item {
    ItemType type = ItemType::kCname;
    std::string value;  // at most kMaxItemLength octets
    bool operator==(const Item&) const = default;
  };
  struct Chunk {
    uint32_t ssrc = 0;
    std::vector<Item> items;
    bool operator==(const Chunk&) const = default;
  };

  static constexpr size_t kMaxChunks = CommonHeader::kMaxCount;  // 5-bit SC
  static constexpr size_t kMaxItemLength = 255;                  // 8-bit length octet

  std::vector<Chunk> chunks;

  // One chunk with one CNAME item: what an endpoint sends in every compound.
  static Sdes WithCname(uint32_t ssrc, std::string_view cname);
  // The CNAME of `ssrc`, if some chunk for it carries one. Points into this Sdes.
  std::optional<std::string_view> Cname(uint32_t ssrc) const;

  // `body` is the packet after its common header, padding removed (RtcpPacketView::body).
  // Fails when the SC chunks are not all there, an item runs past the body, or a chunk has
  // no END item; bytes after the last chunk are ignored.
  static tl::expected<Sdes, ParseError> Parse(const CommonHeader& header, std::span<const uint8_t> body);

  size_t BlockLength() const;
  // Writes BlockLength() bytes and returns that; 0 when the writer has no room, there are more
  // than kMaxChunks chunks, an item is longer than kMaxItemLength or has type kEnd.
  size_t Serialize(ByteWriter& writer) const;

  bool operator==(const Sdes&) const = default;
};

}  // namespace softmcu::rtcp
