#include "transport/rtcp/compound_view.h"

namespace softmcu::rtcp {

std::optional<RtcpPacketView> RtcpCompoundView::Next() {
  if (error_ || remaining_.empty()) return std::nullopt;

  auto header = CommonHeader::Parse(remaining_);
  if (!header) return Fail(header.error());

  const size_t packet_size = header->PacketSize();
  if (packet_size > remaining_.size()) return Fail(ParseError::kLengthPastBuffer);
  const std::span<const uint8_t> packet = remaining_.first(packet_size);
  std::span<const uint8_t> body = packet.subspan(CommonHeader::kSize);

  if (header->padding) {
    // RFC 3550 §6.4.1: "padding MUST only be added to the last individual packet" of a
    // compound, and its last octet "is a count of how many padding octets should be
    // ignored, including itself" — so at least 1, and never more than the body.
    if (packet_size != remaining_.size()) return Fail(ParseError::kBadPadding);
    const uint8_t padding = packet.back();
    if (padding == 0 || padding > body.size()) return Fail(ParseError::kBadPadding);
    body = body.first(body.size() - padding);
  }

  remaining_ = remaining_.subspan(packet_size);
  ++packet_count_;
  return RtcpPacketView{*header, body, packet, ClassifyPacket(*header, body)};
}

std::optional<RtcpPacketView> RtcpCompoundView::Fail(ParseError error) {
  error_ = error;
  remaining_ = {};
  return std::nullopt;
}

}  // namespace softmcu::rtcp
