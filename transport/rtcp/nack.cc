#include "transport/rtcp/nack.h"

namespace softmcu::rtcp {

std::optional<Nack> Nack::FromLostSequenceNumbers(uint32_t sender_ssrc, uint32_t media_ssrc,
                                                  std::span<const uint16_t> lost) {
  Nack nack;
  nack.sender_ssrc = sender_ssrc;
  nack.media_ssrc = media_ssrc;
  size_t i = 0;
  while (i < lost.size()) {
    Item item{lost[i++], 0};
    // RFC 4585 §6.2.1: the BLP covers the 16 packets after PID. Distances are taken modulo
    // 2^16, so a run across the wrap (65535, 0, 1) packs into one item.
    for (; i < lost.size(); ++i) {
      const uint16_t distance = static_cast<uint16_t>(lost[i] - item.pid);
      if (distance == 0) continue;  // duplicate of PID
      if (distance > 16) break;
      item.blp = static_cast<uint16_t>(item.blp | (1u << (distance - 1)));
    }
    if (!nack.items.push_back(item)) return std::nullopt;
  }
  return nack;
}

std::vector<uint16_t> Nack::LostSequenceNumbers() const {
  std::vector<uint16_t> lost;
  ForEachLostSequenceNumber([&](uint16_t seq) { lost.push_back(seq); });
  return lost;
}

tl::expected<Nack, ParseError> Nack::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtRtpFeedback || header.count_or_format != kFmtNack) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Nack nack;
  nack.sender_ssrc = reader.U32().value_or(0);
  nack.media_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 4585 §6.2.1: "The length of the FB message MUST be set to 2+n, with n being the
  // number of Generic NACKs contained in the FCI field" — n >= 1, whole words.
  const std::span<const uint8_t> fci = reader.Rest();
  if (fci.empty()) return tl::unexpected(ParseError::kEmptyFci);
  if (fci.size() % 4 != 0) return tl::unexpected(ParseError::kMisalignedFci);
  if (fci.size() / 4 > kMaxItems) return tl::unexpected(ParseError::kTooManyEntries);
  for (size_t offset = 0; offset < fci.size(); offset += 4) {
    (void)nack.items.push_back(Item{LoadBe16(&fci[offset]), LoadBe16(&fci[offset + 2])});
  }
  return nack;
}

size_t Nack::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + items.size() * 4;
}

size_t Nack::Serialize(ByteWriter& writer) const {
  if (items.empty()) return 0;
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtNack, kPtRtpFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  for (const Item& item : items) {
    writer.U16(item.pid);
    writer.U16(item.blp);
  }
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
