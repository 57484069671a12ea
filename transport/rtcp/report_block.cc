#include "transport/rtcp/report_block.h"

#include <algorithm>

namespace softmcu::rtcp {

tl::expected<ReportBlock, ParseError> ReportBlock::Parse(std::span<const uint8_t> data) {
  ByteReader reader(data);
  ReportBlock block;
  block.ssrc = reader.U32().value_or(0);
  block.fraction_lost = reader.U8().value_or(0);
  const uint32_t lost = reader.U24().value_or(0);
  // Sign-extend the 24-bit two's complement field.
  block.cumulative_lost =
      (lost & 0x800000) ? static_cast<int32_t>(lost) - (1 << 24) : static_cast<int32_t>(lost);
  block.extended_highest_sequence = reader.U32().value_or(0);
  block.jitter = reader.U32().value_or(0);
  block.last_sr = reader.U32().value_or(0);
  block.delay_since_last_sr = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  return block;
}

size_t ReportBlock::Serialize(ByteWriter& writer) const {
  const int32_t lost = std::clamp(cumulative_lost, kMinCumulativeLost, kMaxCumulativeLost);
  writer.U32(ssrc);
  writer.U8(fraction_lost);
  writer.U24(static_cast<uint32_t>(lost) & 0xffffff);
  writer.U32(extended_highest_sequence);
  writer.U32(jitter);
  writer.U32(last_sr);
  writer.U32(delay_since_last_sr);
  return writer.ok() ? kSize : 0;
}

tl::expected<ReportBlockList, ParseError> ParseReportBlocks(std::span<const uint8_t> data, size_t count) {
  if (count > kMaxReportBlocks) return tl::unexpected(ParseError::kTooManyEntries);
  if (data.size() / ReportBlock::kSize < count) return tl::unexpected(ParseError::kCountPastBody);
  ReportBlockList blocks;
  for (size_t i = 0; i < count; ++i) {
    auto block = ReportBlock::Parse(data.subspan(i * ReportBlock::kSize, ReportBlock::kSize));
    if (!block) return tl::unexpected(block.error());
    (void)blocks.push_back(*block);  // cannot fail: count <= capacity
  }
  return blocks;
}

}  // namespace softmcu::rtcp
