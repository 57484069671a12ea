#include "transport/rtcp/pli.h"

namespace softmcu::rtcp {

tl::expected<Pli, ParseError> Pli::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtPayloadFeedback || header.count_or_format != kFmtPli) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Pli pli;
  pli.sender_ssrc = reader.U32().value_or(0);
  pli.media_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  return pli;
}

size_t Pli::Serialize(ByteWriter& writer) const {
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtPli, kPtPayloadFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
