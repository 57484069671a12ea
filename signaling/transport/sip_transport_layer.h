#pragma once
// SIP over UDP, TCP and TLS (RFC 3261 §18) on one signalling event loop.
//
// - Listens on any number of UDP/TCP/TLS addresses (port 0 picks a free one).
// - Receives: a UDP datagram is one message; streams are framed (StreamFramer) and bounded.
//   Parsed messages and parse errors go to the SipTransportListener with their source.
// - Sends: UDP from the listening socket of the destination's address family (so the
//   peer sees our listening port); streams reuse an open connection — the one named in
//   the SendTarget, else any to the same remote address — or open one (§18.1.1, §18.2.2).
//   Messages queue while a connection is set up; if it fails the listener hears
//   OnSipTransportFailure(destination) on a later turn of the loop, never from SendSip.
// - Guards: total and per-source-IP connection limits, connect/handshake timeout, idle
//   timeout, a deadline for finishing a started message (slow-header peers), a bounded
//   send queue per connection. Every cut is counted and logged (rate-limited) with the
//   peer's address and reported as a violation.
//
// Ownership: owns its sockets and connections; borrows the io_context, the timer queue,
// the clock and the listener, which must outlive it. Threading: the loop's thread only.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "core/result.h"
#include "core/timer_queue.h"
#include "signaling/tls/tls_settings.h"
#include "signaling/transport/sip_transport.h"
#include "signaling/transport/sip_udp_socket.h"
#include "signaling/transport/stream_connection.h"

namespace softmcu::sip {

struct SipTransportConfig {
  size_t max_connections = 1024;
  size_t max_connections_per_source = 32;
  TimeDelta connect_timeout = TimeDelta::Seconds(10);  // TCP connect + TLS handshake
  // Longer than half the default session interval (RFC 4028 refreshes at half), so a
  // quiet call's connection survives until its next refresh.
  TimeDelta idle_timeout = TimeDelta::Seconds(1200);
  TimeDelta partial_message_timeout = TimeDelta::Seconds(30);
  size_t max_queued_bytes = 256 * 1024;
  TlsSettings tls;
  // Host written in Via and Contact when listening on a wildcard address (0.0.0.0, ::).
  std::string advertised_host;
};

struct SipTransportStats {
  uint64_t datagrams_received = 0;
  uint64_t keepalives_received = 0;  // UDP CRLF keep-alives (ignored)
  uint64_t stream_messages = 0;
  uint64_t parse_errors = 0;
  uint64_t violations = 0;  // framing errors, oversize messages, slow headers
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;  // over the total or per-source limit
  uint64_t connections_opened = 0;   // outgoing
  uint64_t connections_timed_out = 0;
  uint64_t send_failures = 0;
};

class SipTransportLayer final : public SipMessageSender, private StreamConnectionOwner {
 public:
  SipTransportLayer(asio::io_context& context, TimerQueue* timers, const Clock* clock, SipTransportConfig config,
                    SipTransportListener* listener);
  ~SipTransportLayer() override;
  SipTransportLayer(const SipTransportLayer&) = delete;
  SipTransportLayer& operator=(const SipTransportLayer&) = delete;

  // Binds `local` (port 0: any free port) and returns the bound address.
  Result<TransportAddress> Listen(const TransportAddress& local);

  void SendSip(const SendTarget& target, std::string wire) override;
  std::optional<std::string> SentBy(TransportKind kind) const override;

  // Closes every socket and connection (without reporting failures).
  void Shutdown();

  const SipTransportStats& stats() const { return stats_; }
  size_t connection_count() const { return connections_.size(); }
  std::vector<TransportAddress> listening() const;

 private:
  struct UdpListener {
    TransportAddress local;
    std::unique_ptr<SipUdpSocket> socket;
  };
  struct StreamListener {
    TransportAddress local;
    std::unique_ptr<asio::ip::tcp::acceptor> acceptor;
  };

  Result<TransportAddress> ListenUdp(const TransportAddress& local);
  Result<TransportAddress> ListenStream(const TransportAddress& local);
  void AcceptNext(StreamListener* listener);
  void OnAccepted(StreamListener* listener, asio::ip::tcp::socket socket);
  void OnDatagram(const TransportAddress& local, std::string_view datagram, const asio::ip::udp::endpoint& from);
  void Deliver(std::string_view bytes, const TransportAddress& source, ConnectionId connection, Framing framing);
  void SendUdp(const TransportAddress& destination, const std::string& wire);
  StreamConnection* FindConnection(const SendTarget& target);
  StreamConnection* OpenConnection(const TransportAddress& destination);
  void ReportFailureLater(const TransportAddress& destination, std::string reason);
  void Sweep();
  bool LogAllowed();
  StreamConnectionOwner* owner() { return this; }

  void OnStreamMessage(StreamConnection& connection, std::string_view message) override;
  void OnStreamViolation(StreamConnection& connection, std::string_view what) override;
  void OnStreamClosed(StreamConnection& connection, std::string_view reason, bool undelivered) override;

  asio::io_context& context_;
  const Clock* const clock_;
  const SipTransportConfig config_;
  SipTransportListener* const listener_;
  std::unique_ptr<asio::ssl::context> tls_server_;
  std::unique_ptr<asio::ssl::context> tls_client_;
  std::vector<UdpListener> udp_;
  std::vector<std::unique_ptr<StreamListener>> streams_;
  std::map<ConnectionId, std::shared_ptr<StreamConnection>> connections_;
  std::map<TransportAddress, ConnectionId> by_remote_;  // the newest connection to each remote
  std::map<asio::ip::address, size_t> per_source_;      // accepted connections per peer IP
  ConnectionId next_connection_id_ = 1;
  Timer sweep_;
  LogRateLimiter log_limiter_;
  SipTransportStats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace softmcu::sip
