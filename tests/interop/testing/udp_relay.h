#pragma once
// A UDP relay between a SIP peer and the stack, on its own thread, that can drop chosen
// datagrams: the way an interop test loses exactly the first 200 OK on the wire (a
// random-loss option in the peer could not be made deterministic). The peer sends to
// relay.port(); the relay forwards from its own socket, and forwards what comes back to
// the last peer address it heard from (the peer's Via must ask for rport).

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

namespace softmcu::interop {

class UdpRelay {
 public:
  // `drop(datagram, from_stack)` decides per datagram.
  UdpRelay(asio::ip::udp::endpoint stack, std::function<bool(std::string_view, bool)> drop)
      : stack_(stack),
        drop_(std::move(drop)),
        peer_side_(context_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        stack_side_(context_, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    ReceivePeer();
    ReceiveStack();
    thread_ = std::thread([this] { context_.run(); });
  }
  ~UdpRelay() {
    context_.stop();
    thread_.join();
  }

  uint16_t port() const { return peer_side_.local_endpoint().port(); }
  int dropped() const { return dropped_; }
  // Every datagram that came from the stack, dropped or not.
  std::vector<std::string> FromStack() {
    std::lock_guard lock(mutex_);
    return from_stack_;
  }

 private:
  void ReceivePeer() {
    peer_side_.async_receive_from(asio::buffer(peer_buffer_), peer_, [this](const std::error_code& ec, size_t n) {
      if (ec) return;
      std::string_view datagram(peer_buffer_.data(), n);
      if (drop_(datagram, false)) {
        ++dropped_;
      } else {
        stack_side_.send_to(asio::buffer(datagram.data(), n), stack_);
      }
      last_peer_ = peer_;
      ReceivePeer();
    });
  }
  void ReceiveStack() {
    stack_side_.async_receive_from(asio::buffer(stack_buffer_), from_, [this](const std::error_code& ec, size_t n) {
      if (ec) return;
      std::string_view datagram(stack_buffer_.data(), n);
      {
        std::lock_guard lock(mutex_);
        from_stack_.emplace_back(datagram);
      }
      if (drop_(datagram, true)) {
        ++dropped_;
      } else {
        peer_side_.send_to(asio::buffer(datagram.data(), n), last_peer_);
      }
      ReceiveStack();
    });
  }

  const asio::ip::udp::endpoint stack_;
  std::function<bool(std::string_view, bool)> drop_;
  asio::io_context context_;
  asio::ip::udp::socket peer_side_;
  asio::ip::udp::socket stack_side_;
  std::array<char, 65536> peer_buffer_{};
  std::array<char, 65536> stack_buffer_{};
  asio::ip::udp::endpoint peer_, last_peer_, from_;
  std::atomic<int> dropped_{0};
  std::mutex mutex_;
  std::vector<std::string> from_stack_;
  std::thread thread_;
};

}  // namespace softmcu::interop
