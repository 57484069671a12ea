#pragma once
// A UDP socket for SIP: one receive buffer of the largest datagram (a SIP INVITE with a
// video SDP is 2–5 KB, beyond the media path's 2 KiB pooled buffers, and RFC 3261 §18.1.1
// lets a UDP message reach 65,535 bytes), reused for every datagram; datagrams go to the
// owner's callback as views valid during the call. Sends are synchronous and never block
// (a full socket buffer is a counted error).
//
// Ownership: the transport layer owns it. Threading: the loop's thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include <asio/ip/udp.hpp>

#include "core/result.h"

namespace softmcu::sip {

class SipUdpSocket {
 public:
  using Receiver = std::function<void(std::string_view datagram, const asio::ip::udp::endpoint& from)>;

  static Result<std::unique_ptr<SipUdpSocket>> Bind(asio::io_context& context,
                                                    const asio::ip::udp::endpoint& local);
  ~SipUdpSocket();
  SipUdpSocket(const SipUdpSocket&) = delete;
  SipUdpSocket& operator=(const SipUdpSocket&) = delete;

  void Start(Receiver receiver);
  bool SendTo(std::string_view datagram, const asio::ip::udp::endpoint& to);
  void Close();

  asio::ip::udp::endpoint local_endpoint() const { return local_; }
  uint64_t send_errors() const { return send_errors_; }

 private:
  explicit SipUdpSocket(asio::io_context& context) : socket_(context) {}
  void ReceiveNext();

  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint local_;
  asio::ip::udp::endpoint from_;
  std::vector<char> buffer_;
  Receiver receiver_;
  uint64_t send_errors_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace softmcu::sip
