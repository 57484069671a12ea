#include "transport/rtcp/tmmb_item.h"

#include <algorithm>

#include "transport/rtcp/exp_mantissa.h"

namespace softmcu::rtcp {

tl::expected<TmmbItem, ParseError> TmmbItem::Parse(std::span<const uint8_t> data) {
  ByteReader reader(data);
  const uint32_t ssrc = reader.U32().value_or(0);
  const uint32_t word = reader.U32().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  // RFC 5104 §4.2.1.1: 6-bit exponent, 17-bit mantissa, 9-bit measured overhead.
  const uint8_t exponent = static_cast<uint8_t>(word >> 26);
  const uint32_t mantissa = (word >> 9) & 0x1ffff;
  auto bps = DecodeExpMantissa(exponent, mantissa);
  if (!bps) return tl::unexpected(ParseError::kBitrateOverflow);
  TmmbItem item;
  item.ssrc = ssrc;
  item.max_bitrate = DataRate::BitsPerSec(*bps);
  item.packet_overhead = static_cast<uint16_t>(word & kMaxPacketOverhead);
  return item;
}

size_t TmmbItem::Serialize(ByteWriter& writer) const {
  const uint64_t bps = static_cast<uint64_t>(std::max<int64_t>(max_bitrate.bps(), 0));
  const ExpMantissa encoded = EncodeExpMantissa(bps, kMantissaBits);
  const uint16_t overhead = std::min(packet_overhead, kMaxPacketOverhead);
  writer.U32(ssrc);
  writer.U32((uint32_t{encoded.exponent} << 26) | (encoded.mantissa << 9) | overhead);
  return writer.ok() ? kSize : 0;
}

tl::expected<TmmbItemList, ParseError> ParseTmmbItems(std::span<const uint8_t> fci) {
  if (fci.size() % TmmbItem::kSize != 0) return tl::unexpected(ParseError::kMisalignedFci);
  if (fci.size() / TmmbItem::kSize > kMaxTmmbItems) return tl::unexpected(ParseError::kTooManyEntries);
  TmmbItemList items;
  for (size_t offset = 0; offset < fci.size(); offset += TmmbItem::kSize) {
    auto item = TmmbItem::Parse(fci.subspan(offset, TmmbItem::kSize));
    if (!item) return tl::unexpected(item.error());
    (void)items.push_back(*item);  // cannot fail: count checked above
  }
  return items;
}

}  // namespace softmcu::rtcp
