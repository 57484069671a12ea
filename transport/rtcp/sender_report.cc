#include "transport/rtcp/sender_report.h"

namespace softmcu::rtcp {

tl::expected<SenderReport, ParseError> SenderReport::Parse(const CommonHeader& header,
                                                           std::span<const uint8_t> body) {
  if (header.packet_type != kPtSenderReport) return tl::unexpected(ParseError::kWrongPacketType);
  ByteReader reader(body);
  SenderReport report;
  report.sender_ssrc = reader.U32().value_or(0);
  report.ntp_timestamp = reader.U64().value_or(0);
  report.rtp_timestamp = reader.U32().value_or(0);
  report.packet_count = reader.U32().value_or(0);
  report.octet_count = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 3550 §6.4.1: RC report blocks follow; anything after them is a profile-specific
  // extension, which we skip.
  auto blocks = ParseReportBlocks(reader.Rest(), header.count_or_format);
  if (!blocks) return tl::unexpected(blocks.error());
  report.report_blocks = *blocks;
  return report;
}

size_t SenderReport::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + report_blocks.size() * ReportBlock::kSize;
}

size_t SenderReport::Serialize(ByteWriter& writer) const {
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(static_cast<uint8_t>(report_blocks.size()), kPtSenderReport, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  writer.U64(ntp_timestamp);
  writer.U32(rtp_timestamp);
  writer.U32(packet_count);
  writer.U32(octet_count);
  for (const ReportBlock& block : report_blocks) block.Serialize(writer);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
