#include "transport/net/port_allocator.h"

#include <fmt/format.h>

#include "core/check.h"

namespace softmcu {

PortAllocator::PortAllocator(asio::ip::address address, uint16_t min_port, uint16_t max_port)
    : address_(address), min_port_(static_cast<uint16_t>((min_port + 1u) & ~1u)), max_port_(max_port) {
  SOFTMCU_CHECK(min_port_ <= max_port_);
  cursor_ = min_port_;
}

Result<RtpSocketPair> PortAllocator::Allocate(asio::io_context& context, MediaKind kind, RtcpMux mux) {
  const uint32_t span = (uint32_t{max_port_} - min_port_) / 2 + 1;  // even ports in range
  for (uint32_t attempt = 0; attempt < span; ++attempt) {
    uint32_t port = cursor_;
    cursor_ += 2;
    if (cursor_ > max_port_) cursor_ = min_port_;
    if (mux == RtcpMux::kSeparatePort && port + 1 > max_port_) continue;

    auto rtp = UdpSocket::Bind(context, {address_, static_cast<uint16_t>(port)});
    if (!rtp) continue;
    RtpSocketPair pair{std::move(*rtp), nullptr};
    if (mux == RtcpMux::kSeparatePort) {
      auto rtcp = UdpSocket::Bind(context, {address_, static_cast<uint16_t>(port + 1)});
      if (!rtcp) continue;  // the RTP socket closes with `pair`
      pair.rtcp = std::move(*rtcp);
    }
    // DSCP failing is not fatal (some containers forbid it); media still flows.
    (void)pair.rtp->SetDscp(DscpFor(kind));
    if (pair.rtcp) (void)pair.rtcp->SetDscp(DscpFor(kind));
    return pair;
  }
  return MakeError(
      ErrorCode::kUnavailable,
      fmt::format("no free UDP port pair in {}–{} on {}: widen media.port_range or end idle calls", min_port_,
                  max_port_, address_.to_string()));
}

}  // namespace softmcu
