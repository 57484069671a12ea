#include "transport/rtcp/common_header.h"

namespace softmcu::rtcp {

tl::expected<CommonHeader, ParseError> CommonHeader::Parse(std::span<const uint8_t> data) {
  if (data.size() < kSize) return tl::unexpected(ParseError::kTruncatedHeader);
  const uint8_t first = data[0];
  // RFC 3550 §6.4.1: "version (V): 2 bits ... The version defined by this specification is two (2)."
  if ((first >> 6) != kVersion) return tl::unexpected(ParseError::kBadVersion);
  CommonHeader header;
  header.padding = (first & 0x20) != 0;
  header.count_or_format = first & 0x1f;
  header.packet_type = data[1];
  header.length_words = LoadBe16(data.data() + 2);
  return header;
}

std::optional<CommonHeader> CommonHeader::ForPacket(uint8_t count_or_format, uint8_t packet_type,
                                                    size_t packet_size) {
  if (count_or_format > kMaxCount) return std::nullopt;
  // RFC 3550 §6.4.1: length is in 32-bit words minus one, so a packet is at least one word.
  if (packet_size < kSize || packet_size % 4 != 0) return std::nullopt;
  if (packet_size / 4 - 1 > 0xffff) return std::nullopt;
  CommonHeader header;
  header.count_or_format = count_or_format;
  header.packet_type = packet_type;
  header.length_words = static_cast<uint16_t>(packet_size / 4 - 1);
  return header;
}

size_t CommonHeader::Serialize(ByteWriter& writer) const {
  const uint8_t first =
      static_cast<uint8_t>((kVersion << 6) | (padding ? 0x20 : 0) | (count_or_format & 0x1f));
  if (!writer.U8(first) || !writer.U8(packet_type) || !writer.U16(length_words)) return 0;
  return kSize;
}

}  // namespace softmcu::rtcp
