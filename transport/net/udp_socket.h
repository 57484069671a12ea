#pragma once
// A non-blocking UDP socket bound on one event loop. Receives into pooled PacketBuffers
// and hands each datagram to a listener on the loop's thread; sends synchronously (a UDP
// send never blocks on a non-blocking socket: a full send buffer is a counted drop).
//
// Ownership: the owner keeps the socket alive while the loop may call its listener;
// Close() stops receiving. Threading: every method runs on the loop's thread.

#include <asio/ip/udp.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include "core/clock.h"
#include "core/packet_buffer_pool.h"
#include "core/result.h"
#include "transport/net/dscp.h"

namespace softmcu {

class UdpSocket;

class UdpSocketListener {
 public:
  // `packet` holds the datagram; the listener may keep it (move it away) or let it go.
  virtual void OnUdpSocketPacket(UdpSocket& socket, PacketBuffer packet, const asio::ip::udp::endpoint& from,
                                 Timestamp arrival) = 0;

 protected:
  ~UdpSocketListener() = default;
};

struct UdpSocketStats {
  uint64_t received_packets = 0;
  uint64_t received_bytes = 0;
  uint64_t sent_packets = 0;
  uint64_t sent_bytes = 0;
  uint64_t send_errors = 0;
  uint64_t receive_drops_no_buffer = 0;  // the pool was exhausted
  uint64_t receive_truncated = 0;        // datagram larger than a buffer
};

class UdpSocket {
 public:
  // Binds to `local` (port 0 = any). Fails with kUnavailable if the port is taken.
  static Result<std::unique_ptr<UdpSocket>> Bind(asio::io_context& context,
                                                 const asio::ip::udp::endpoint& local);

  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  Result<void> SetDscp(Dscp dscp);
  // The socket's receive buffer, enlarged for video bursts (the kernel may cap it).
  Result<void> SetReceiveBufferSize(int bytes);

  // Starts the receive loop. `listener`, `pool` and `clock` must outlive the socket.
  void StartReceiving(UdpSocketListener* listener, PacketBufferPool* pool, const Clock* clock);
  void Close();

  bool SendTo(std::span<const uint8_t> datagram, const asio::ip::udp::endpoint& to);

  asio::ip::udp::endpoint local_endpoint() const { return local_; }
  // The OS descriptor, for socket options and diagnostics; the socket keeps ownership.
  int native_handle() { return socket_.native_handle(); }
  const UdpSocketStats& stats() const { return stats_; }

 private:
  explicit UdpSocket(asio::io_context& context) : socket_(context) {}
  void ReceiveNext();

  asio::ip::udp::socket socket_;
  asio::ip::udp::endpoint local_;
  asio::ip::udp::endpoint from_;
  PacketBuffer pending_;
  UdpSocketListener* listener_ = nullptr;
  PacketBufferPool* pool_ = nullptr;
  const Clock* clock_ = nullptr;
  UdpSocketStats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards callbacks after destruction
};

}  // namespace softmcu
