#include "transport/rtcp/tmmbn.h"

namespace softmcu::rtcp {

tl::expected<Tmmbn, ParseError> Tmmbn::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtRtpFeedback || header.count_or_format != kFmtTmmbn) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Tmmbn packet;
  packet.sender_ssrc = reader.U32().value_or(0);
  packet.media_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 5104 §4.2.2.2: 2+2*N words; N = 0 is an empty bounding set.
  auto items = ParseTmmbItems(reader.Rest());
  if (!items) return tl::unexpected(items.error());
  packet.items = *items;
  return packet;
}

size_t Tmmbn::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + items.size() * TmmbItem::kSize;
}

size_t Tmmbn::Serialize(ByteWriter& writer) const {
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtTmmbn, kPtRtpFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  for (const TmmbItem& item : items) item.Serialize(writer);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
