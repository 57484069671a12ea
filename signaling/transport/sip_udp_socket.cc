#include "signaling/transport/sip_udp_socket.h"

#include <fmt/format.h>

namespace softmcu::sip {

Result<std::unique_ptr<SipUdpSocket>> SipUdpSocket::Bind(asio::io_context& context,
                                                         const asio::ip::udp::endpoint& local) {
  std::unique_ptr<SipUdpSocket> s(new SipUdpSocket(context));
  std::error_code ec;
  s->socket_.open(local.protocol(), ec);
  if (!ec) s->socket_.non_blocking(true, ec);
  if (!ec) s->socket_.bind(local, ec);
  if (ec)
    return MakeError(ErrorCode::kUnavailable, fmt::format("cannot bind SIP UDP {}:{}: {}", local.address().to_string(),
                                                          local.port(), ec.message()));
  // A burst of INVITEs must not overflow the kernel queue before the loop reads it.
  s->socket_.set_option(asio::socket_base::receive_buffer_size(1 << 20), ec);
  s->local_ = s->socket_.local_endpoint(ec);
  s->buffer_.resize(65536);
  return s;
}

SipUdpSocket::~SipUdpSocket() {
  *alive_ = false;
  Close();
}

void SipUdpSocket::Start(Receiver receiver) {
  receiver_ = std::move(receiver);
  ReceiveNext();
}

void SipUdpSocket::Close() {
  std::error_code ec;
  if (socket_.is_open()) socket_.close(ec);
}

void SipUdpSocket::ReceiveNext() {
  if (!socket_.is_open()) return;
  socket_.async_receive_from(asio::buffer(buffer_), from_, [this, alive = alive_](const std::error_code& ec, size_t n) {
    if (!*alive || ec == asio::error::operation_aborted || !socket_.is_open()) return;
    // Other errors (ICMP port unreachable reported on a later read) are not fatal.
    if (!ec) receiver_(std::string_view(buffer_.data(), n), from_);
    if (*alive) ReceiveNext();
  });
}

bool SipUdpSocket::SendTo(std::string_view datagram, const asio::ip::udp::endpoint& to) {
  std::error_code ec;
  socket_.send_to(asio::buffer(datagram.data(), datagram.size()), to, 0, ec);
  if (ec) ++send_errors_;
  return !ec;
}

}  // namespace softmcu::sip
