#include "transport/rtcp/tmmbr.h"

namespace softmcu::rtcp {

tl::expected<Tmmbr, ParseError> Tmmbr::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtRtpFeedback || header.count_or_format != kFmtTmmbr) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Tmmbr packet;
  packet.sender_ssrc = reader.U32().value_or(0);
  packet.media_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 5104 §4.2.1.2: "The length of the TMMBR feedback message SHALL be set to 2+2*N
  // where N is the number of TMMBR FCI entries" — a request without entries asks nothing.
  if (reader.Rest().empty()) return tl::unexpected(ParseError::kEmptyFci);
  auto items = ParseTmmbItems(reader.Rest());
  if (!items) return tl::unexpected(items.error());
  packet.items = *items;
  return packet;
}

size_t Tmmbr::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + items.size() * TmmbItem::kSize;
}

size_t Tmmbr::Serialize(ByteWriter& writer) const {
  if (items.empty()) return 0;
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtTmmbr, kPtRtpFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  for (const TmmbItem& item : items) item.Serialize(writer);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
