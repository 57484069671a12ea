#include "transport/rtcp/fir.h"

namespace softmcu::rtcp {

tl::expected<Fir, ParseError> Fir::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtPayloadFeedback || header.count_or_format != kFmtFir) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Fir fir;
  fir.sender_ssrc = reader.U32().value_or(0);
  fir.media_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 5104 §4.3.1.2: "The length of the FIR feedback message MUST be set to 2+2*N, where N
  // is the number of FCI entries."
  const std::span<const uint8_t> fci = reader.Rest();
  if (fci.empty()) return tl::unexpected(ParseError::kEmptyFci);
  if (fci.size() % kEntrySize != 0) return tl::unexpected(ParseError::kMisalignedFci);
  if (fci.size() / kEntrySize > kMaxEntries) return tl::unexpected(ParseError::kTooManyEntries);
  for (size_t offset = 0; offset < fci.size(); offset += kEntrySize) {
    // The 24 reserved bits after the sequence number are ignored (§4.3.1.1).
    (void)fir.entries.push_back(Entry{LoadBe32(&fci[offset]), fci[offset + 4]});
  }
  return fir;
}

size_t Fir::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + entries.size() * kEntrySize;
}

size_t Fir::Serialize(ByteWriter& writer) const {
  if (entries.empty()) return 0;
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtFir, kPtPayloadFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  for (const Entry& entry : entries) {
    writer.U32(entry.ssrc);
    writer.U8(entry.seq_nr);
    writer.Zeros(3);  // reserved, "MUST be set to 0 by the sender" (§4.3.1.1)
  }
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
