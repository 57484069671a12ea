#pragma once
// Hands out UDP ports for media from a configured range (firewalls open exactly that
// range). RTP gets an even port and, without rtcp-mux (RFC 5761), RTCP the odd one above
// it (RFC 3550 §11). A rotating cursor means a port just released is not handed out again
// at once, so stragglers of the previous call do not land in the next one.
//
// Threading: call from one thread (the signalling thread that sets up calls); the sockets
// are bound on the io_context given, i.e. on the media loop that will own them.

#include <asio/ip/address.hpp>
#include <cstdint>
#include <memory>

#include "core/result.h"
#include "transport/media_kind.h"
#include "transport/net/udp_socket.h"

namespace softmcu {

enum class RtcpMux { kMuxed, kSeparatePort };

struct RtpSocketPair {
  std::unique_ptr<UdpSocket> rtp;
  std::unique_ptr<UdpSocket> rtcp;  // null when muxed
};

class PortAllocator {
 public:
  // Ports [min_port, max_port]; min_port is rounded up to even. Checked: min <= max.
  PortAllocator(asio::ip::address address, uint16_t min_port, uint16_t max_port);

  // Binds a socket pair for one media stream and marks it with the kind's DSCP.
  Result<RtpSocketPair> Allocate(asio::io_context& context, MediaKind kind, RtcpMux mux);

 private:
  const asio::ip::address address_;
  const uint16_t min_port_;
  const uint16_t max_port_;
  uint32_t cursor_;
};

}  // namespace softmcu
