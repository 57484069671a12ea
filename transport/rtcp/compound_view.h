#pragma once
// Walks a compound RTCP packet (RFC 3550 §6.1): one datagram holding several RTCP packets
// back to back. Each step yields one packet's header and a view of its body; the typed
// parsers (SenderReport::Parse, Nack::Parse, ...) take it from there.
//
//   RtcpCompoundView compound(datagram);
//   while (auto packet = compound.Next()) {
//     switch (packet->kind) {
//       case PacketKind::kNack: if (auto nack = Nack::Parse(packet->header, packet->body)) ...
//       case PacketKind::kUnknown: ++unknown_packets; break;
//       ...
//     }
//   }
//   if (compound.error()) ++malformed_compounds;  // the packets before it were still good
//
// A malformed packet ends the walk: without a trustworthy length there is no way to find
// the next packet. Nothing is copied or allocated. Lifetime: the views point into the
// datagram, which must outlive the RtcpCompoundView and every RtcpPacketView it returned.
// Not thread-safe; one walk belongs to the thread that received the datagram.
//
// Deliberately not enforced (RFC 3550 §6.1 / Appendix A.2 validity checks): that the first
// packet is an SR or RR, and that an SDES with a CNAME is present — RFC 5506 reduced-size
// RTCP (sent by browsers with rtcp-rsize) carries lone feedback packets.

#include <cstdint>
#include <optional>
#include <span>

#include "transport/rtcp/common_header.h"
#include "transport/rtcp/packet_kind.h"
#include "transport/rtcp/parse_error.h"

namespace softmcu::rtcp {

struct RtcpPacketView {
  CommonHeader header;
  std::span<const uint8_t> body;    // after the 4-byte header, padding removed
  std::span<const uint8_t> packet;  // the whole packet as on the wire, padding included
  PacketKind kind = PacketKind::kUnknown;
};

class RtcpCompoundView {
 public:
  explicit RtcpCompoundView(std::span<const uint8_t> datagram) : remaining_(datagram) {}

  // The next packet; nullopt at the end of the datagram or at the first malformed packet
  // (then error() says why, and every later call returns nullopt too).
  std::optional<RtcpPacketView> Next();

  std::optional<ParseError> error() const { return error_; }
  // Number of packets yielded so far.
  size_t packet_count() const { return packet_count_; }

 private:
  std::optional<RtcpPacketView> Fail(ParseError error);

  std::span<const uint8_t> remaining_;
  std::optional<ParseError> error_;
  size_t packet_count_ = 0;
};

}  // namespace softmcu::rtcp
