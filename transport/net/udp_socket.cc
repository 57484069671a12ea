#include "transport/net/udp_socket.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace softmcu {

Result<std::unique_ptr<UdpSocket>> UdpSocket::Bind(asio::io_context& context,
                                                   const asio::ip::udp::endpoint& local) {
  std::unique_ptr<UdpSocket> s(new UdpSocket(context));
  std::error_code ec;
  s->socket_.open(local.protocol(), ec);
  if (!ec) s->socket_.non_blocking(true, ec);
  if (!ec) s->socket_.bind(local, ec);
  if (ec) {
    return MakeError(
        ErrorCode::kUnavailable,
        fmt::format("cannot bind UDP {}:{}: {}", local.address().to_string(), local.port(), ec.message()));
  }
  s->local_ = s->socket_.local_endpoint(ec);
  return s;
}

UdpSocket::~UdpSocket() {
  *alive_ = false;
  Close();
}

Result<void> UdpSocket::SetDscp(Dscp dscp) {
  // The DSCP is the upper six bits of the IPv4 TOS / IPv6 traffic class byte.
  int tos = static_cast<int>(dscp) << 2;
  int rc = local_.address().is_v6()
               ? setsockopt(socket_.native_handle(), IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof tos)
               : setsockopt(socket_.native_handle(), IPPROTO_IP, IP_TOS, &tos, sizeof tos);
  if (rc != 0)
    return MakeError(ErrorCode::kUnavailable, fmt::format("cannot set DSCP {}", static_cast<int>(dscp)));
  return {};
}

Result<void> UdpSocket::SetReceiveBufferSize(int bytes) {
  std::error_code ec;
  socket_.set_option(asio::socket_base::receive_buffer_size(bytes), ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "cannot set receive buffer: " + ec.message());
  return {};
}

void UdpSocket::StartReceiving(UdpSocketListener* listener, PacketBufferPool* pool, const Clock* clock) {
  listener_ = listener;
  pool_ = pool;
  clock_ = clock;
  ReceiveNext();
}

void UdpSocket::Close() {
  std::error_code ec;
  if (socket_.is_open()) socket_.close(ec);
}

void UdpSocket::ReceiveNext() {
  if (!socket_.is_open()) return;
  if (!pending_) pending_ = pool_->Acquire();
  if (!pending_) {
    // Pool exhausted: the datagram must still be read or the socket stays readable
    // forever; read it into a scratch area and count the drop.
    ++stats_.receive_drops_no_buffer;
    static thread_local uint8_t scratch[PacketBuffer::kCapacity];
    socket_.async_receive_from(asio::buffer(scratch), from_,
                               [this, alive = alive_](const std::error_code& ec, size_t) {
                                 if (!*alive || ec == asio::error::operation_aborted) return;
                                 ReceiveNext();
                               });
    return;
  }
  socket_.async_receive_from(asio::buffer(pending_.data(), PacketBuffer::kCapacity), from_,
                             [this, alive = alive_](const std::error_code& ec, size_t n) {
                               if (!*alive || ec == asio::error::operation_aborted || !socket_.is_open())
                                 return;
                               if (!ec) {
                                 ++stats_.received_packets;
                                 stats_.received_bytes += n;
                                 if (n >= PacketBuffer::kCapacity) {
                                   ++stats_.receive_truncated;  // larger than any media datagram we accept
                                 } else {
                                   pending_.set_size(n);
                                   listener_->OnUdpSocketPacket(*this, std::move(pending_), from_,
                                                                clock_->Now());
                                 }
                               }
                               ReceiveNext();
                             });
}

bool UdpSocket::SendTo(std::span<const uint8_t> datagram, const asio::ip::udp::endpoint& to) {
  std::error_code ec;
  socket_.send_to(asio::buffer(datagram.data(), datagram.size()), to, 0, ec);
  if (ec) {
    ++stats_.send_errors;
    return false;
  }
  ++stats_.sent_packets;
  stats_.sent_bytes += datagram.size();
  return true;
}

}  // namespace softmcu
