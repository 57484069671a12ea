#include "transport/rtcp/receiver_report.h"

namespace softmcu::rtcp {

tl::expected<ReceiverReport, ParseError> ReceiverReport::Parse(const CommonHeader& header,
                                                               std::span<const uint8_t> body) {
  if (header.packet_type != kPtReceiverReport) return tl::unexpected(ParseError::kWrongPacketType);
  ByteReader reader(body);
  ReceiverReport report;
  report.sender_ssrc = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 3550 §6.4.2: RC report blocks, then optional profile-specific extensions (skipped).
  auto blocks = ParseReportBlocks(reader.Rest(), header.count_or_format);
  if (!blocks) return tl::unexpected(blocks.error());
  report.report_blocks = *blocks;
  return report;
}

size_t ReceiverReport::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + report_blocks.size() * ReportBlock::kSize;
}

size_t ReceiverReport::Serialize(ByteWriter& writer) const {
  const size_t length = BlockLength();
  auto header =
      CommonHeader::ForPacket(static_cast<uint8_t>(report_blocks.size()), kPtReceiverReport, length);
  if (!header || !header->Serialize(writer)) return 0;
  writer.U32(sender_ssrc);
  for (const ReportBlock& block : report_blocks) block.Serialize(writer);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
