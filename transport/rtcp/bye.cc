#include "transport/rtcp/bye.h"

namespace softmcu::rtcp {

tl::expected<Bye, ParseError> Bye::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtBye) return tl::unexpected(ParseError::kWrongPacketType);
  ByteReader reader(body);
  Bye bye;
  for (size_t i = 0; i < header.count_or_format; ++i) {
    auto ssrc = reader.U32();
    if (!ssrc) return tl::unexpected(ParseError::kCountPastBody);
    (void)bye.ssrcs.push_back(*ssrc);  // cannot fail: SC <= 31
  }
  // RFC 3550 §6.6: an optional length-prefixed reason, then null padding to a word boundary.
  if (auto length = reader.U8()) {
    auto text = reader.Bytes(*length);
    if (!text) return tl::unexpected(ParseError::kTruncatedBody);
    bye.reason.assign(text->begin(), text->end());
  }
  return bye;
}

size_t Bye::BlockLength() const {
  size_t length = CommonHeader::kSize + ssrcs.size() * 4;
  if (!reason.empty()) length += (1 + reason.size() + 3) / 4 * 4;
  return length;
}

size_t Bye::Serialize(ByteWriter& writer) const {
  if (reason.size() > kMaxReasonLength) return 0;
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(static_cast<uint8_t>(ssrcs.size()), kPtBye, length);
  if (!header || !header->Serialize(writer)) return 0;
  for (uint32_t ssrc : ssrcs) writer.U32(ssrc);
  if (!reason.empty()) {
    writer.U8(static_cast<uint8_t>(reason.size()));
    writer.Bytes({reinterpret_cast<const uint8_t*>(reason.data()), reason.size()});
    const size_t field = 1 + reason.size();
    writer.Zeros((field + 3) / 4 * 4 - field);
  }
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
