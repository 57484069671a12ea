#include "transport/rtcp/remb.h"

#include <algorithm>

#include "transport/rtcp/exp_mantissa.h"

namespace softmcu::rtcp {
namespace {

constexpr uint32_t kRembIdentifier = 0x52454d42;  // "REMB"

}  // namespace

tl::expected<Remb, ParseError> Remb::Parse(const CommonHeader& header, std::span<const uint8_t> body) {
  if (header.packet_type != kPtPayloadFeedback || header.count_or_format != kFmtAfb) {
    return tl::unexpected(ParseError::kWrongPacketType);
  }
  ByteReader reader(body);
  Remb remb;
  remb.sender_ssrc = reader.U32().value_or(0);
  remb.media_ssrc = reader.U32().value_or(0);
  const uint32_t identifier = reader.U32().value_or(0);
  const uint8_t num_ssrc = reader.U8().value_or(0);
  const uint32_t exp_mantissa = reader.U24().value_or(0);
  if (!reader.ok()) return tl::unexpected(ParseError::kTruncatedBody);
  if (identifier != kRembIdentifier) return tl::unexpected(ParseError::kMissingRembIdentifier);
  // BR Exp (6 bits) and BR Mantissa (18 bits) share the 24 bits after Num SSRC.
  auto bps = DecodeExpMantissa(static_cast<uint8_t>(exp_mantissa >> 18), exp_mantissa & 0x3ffff);
  if (!bps) return tl::unexpected(ParseError::kBitrateOverflow);
  remb.bitrate = DataRate::BitsPerSec(*bps);
  // "Num SSRC: Number of SSRCs in this message" — each must be in the body.
  if (reader.remaining() / 4 < num_ssrc) return tl::unexpected(ParseError::kCountPastBody);
  for (size_t i = 0; i < num_ssrc; ++i) (void)remb.ssrcs.push_back(*reader.U32());
  return remb;
}

size_t Remb::BlockLength() const {
  return CommonHeader::kSize + kFixedBodySize + ssrcs.size() * 4;
}

size_t Remb::Serialize(ByteWriter& writer) const {
  const size_t length = BlockLength();
  auto header = CommonHeader::ForPacket(kFmtAfb, kPtPayloadFeedback, length);
  if (!header || !header->Serialize(writer)) return 0;
  const uint64_t bps = static_cast<uint64_t>(std::max<int64_t>(bitrate.bps(), 0));
  const ExpMantissa encoded = EncodeExpMantissa(bps, kMantissaBits);
  writer.U32(sender_ssrc);
  writer.U32(media_ssrc);
  writer.U32(kRembIdentifier);
  writer.U8(static_cast<uint8_t>(ssrcs.size()));
  writer.U24((uint32_t{encoded.exponent} << 18) | encoded.mantissa);
  for (uint32_t ssrc : ssrcs) writer.U32(ssrc);
  return writer.ok() ? length : 0;
}

}  // namespace softmcu::rtcp
