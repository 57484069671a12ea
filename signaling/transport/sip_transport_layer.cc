#include "signaling/transport/sip_transport_layer.h"

#include <asio/post.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "signaling/sip/sip_parser.h"
#include "signaling/tls/tls_context_factory.h"

namespace softmcu::sip {
namespace {

constexpr TimeDelta kSweepPeriod = TimeDelta::Seconds(2);

bool IsOnlyLineBreaks(std::string_view bytes) {
  return bytes.find_first_not_of("\r\n") == std::string_view::npos;
}

}  // namespace

SipTransportLayer::SipTransportLayer(asio::io_context& context, TimerQueue* timers, const Clock* clock,
                                     SipTransportConfig config, SipTransportListener* listener)
    : context_(context),
      clock_(clock),
      config_(std::move(config)),
      listener_(listener),
      sweep_(timers),
      log_limiter_(clock, TimeDelta::Seconds(10), 10) {
  sweep_.Start(kSweepPeriod, [this] { Sweep(); });
}

SipTransportLayer::~SipTransportLayer() {
  *alive_ = false;
  Shutdown();
}

bool SipTransportLayer::LogAllowed() {
  uint64_t suppressed = 0;
  const bool allowed = log_limiter_.Allow(&suppressed);
  if (allowed && suppressed > 0) spdlog::warn("SIP transport: {} similar lines suppressed", suppressed);
  return allowed;
}

Result<TransportAddress> SipTransportLayer::Listen(const TransportAddress& local) {
  auto bound = local.kind == TransportKind::kUdp ? ListenUdp(local) : ListenStream(local);
  if (bound) spdlog::info("SIP listening on {}", bound->ToString());
  return bound;
}

Result<TransportAddress> SipTransportLayer::ListenUdp(const TransportAddress& local) {
  auto socket = SipUdpSocket::Bind(context_, local.UdpEndpoint());
  if (!socket) return tl::unexpected(socket.error());
  TransportAddress bound{TransportKind::kUdp, (*socket)->local_endpoint().address(),
                         (*socket)->local_endpoint().port()};
  (*socket)->Start([this, bound](std::string_view datagram, const asio::ip::udp::endpoint& from) {
    OnDatagram(bound, datagram, from);
  });
  udp_.push_back(UdpListener{bound, std::move(*socket)});
  return bound;
}

Result<TransportAddress> SipTransportLayer::ListenStream(const TransportAddress& local) {
  if (local.kind == TransportKind::kTls && !tls_server_) {
    auto context = TlsContextFactory::MakeServer(config_.tls);
    if (!context) return tl::unexpected(context.error());
    tls_server_ = std::move(*context);
  }
  auto listener = std::make_unique<StreamListener>();
  listener->acceptor = std::make_unique<asio::ip::tcp::acceptor>(context_);
  std::error_code ec;
  auto& acceptor = *listener->acceptor;
  acceptor.open(local.TcpEndpoint().protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(local.TcpEndpoint(), ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return MakeError(ErrorCode::kUnavailable, fmt::format("cannot listen on SIP {}: {}", local.ToString(), ec.message()));
  auto endpoint = acceptor.local_endpoint(ec);
  listener->local = TransportAddress{local.kind, endpoint.address(), endpoint.port()};
  StreamListener* raw = listener.get();
  streams_.push_back(std::move(listener));
  AcceptNext(raw);
  return raw->local;
}

void SipTransportLayer::AcceptNext(StreamListener* listener) {
  listener->acceptor->async_accept([this, listener, alive = alive_](const std::error_code& ec,
                                                                     asio::ip::tcp::socket socket) {
    if (!*alive || ec == asio::error::operation_aborted || !listener->acceptor->is_open()) return;
    if (!ec) OnAccepted(listener, std::move(socket));
    AcceptNext(listener);
  });
}

void SipTransportLayer::OnAccepted(StreamListener* listener, asio::ip::tcp::socket socket) {
  std::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) return;
  const TransportAddress remote{listener->local.kind, peer.address(), peer.port()};
  const size_t from_source = per_source_[peer.address()];
  if (connections_.size() >= config_.max_connections || from_source >= config_.max_connections_per_source) {
    ++stats_.connections_refused;
    socket.close(ec);
    if (from_source == 0) per_source_.erase(peer.address());
    const std::string what = fmt::format("connection refused: {} open in total, {} from this address",
                                         connections_.size(), from_source);
    if (LogAllowed()) spdlog::warn("SIP {}: {}", remote.ToString(), what);
    listener_->OnSipTransportViolation(remote, what);
    return;
  }
  ++stats_.connections_accepted;
  ++per_source_[peer.address()];
  const ConnectionId id = next_connection_id_++;
  auto connection = std::make_shared<StreamConnection>(
      id, StreamConnection::Origin::kAccepted, std::move(socket),
      listener->local.kind == TransportKind::kTls ? tls_server_.get() : nullptr, remote, config_.max_queued_bytes,
      owner(), clock_);
  connections_.emplace(id, connection);
  by_remote_[remote] = id;
  spdlog::debug("SIP {}: connection {} accepted", remote.ToString(), id);
  connection->Start();
}

void SipTransportLayer::OnDatagram(const TransportAddress& local, std::string_view datagram,
                                   const asio::ip::udp::endpoint& from) {
  ++stats_.datagrams_received;
  const TransportAddress source{TransportKind::kUdp, from.address(), from.port()};
  if (IsOnlyLineBreaks(datagram)) {
    ++stats_.keepalives_received;  // CRLF keep-alives some UAs send over UDP
    return;
  }
  Deliver(datagram, source, 0, Framing::kDatagram);
}

void SipTransportLayer::Deliver(std::string_view bytes, const TransportAddress& source, ConnectionId connection,
                                Framing framing) {
  auto message = SipParser::Parse(bytes, framing);
  if (!message) {
    ++stats_.parse_errors;
    listener_->OnSipTransportParseError(source, connection, message.error());
    return;
  }
  listener_->OnSipTransportMessage(IncomingMessage{std::move(*message), source, connection, clock_->Now()});
}

void SipTransportLayer::SendSip(const SendTarget& target, std::string wire) {
  if (!*alive_) return;  // shut down
  if (target.destination.kind == TransportKind::kUdp) {
    SendUdp(target.destination, wire);
    return;
  }
  StreamConnection* connection = FindConnection(target);
  if (!connection) connection = OpenConnection(target.destination);
  if (connection) connection->Send(std::move(wire));
}

void SipTransportLayer::SendUdp(const TransportAddress& destination, const std::string& wire) {
  for (auto& udp : udp_) {
    if (udp.local.address.is_v6() != destination.address.is_v6()) continue;
    if (udp.socket->SendTo(wire, destination.UdpEndpoint())) return;
    ++stats_.send_failures;
    ReportFailureLater(destination, "UDP send failed");
    return;
  }
  ++stats_.send_failures;
  ReportFailureLater(destination, "no UDP listener for this address family");
}

StreamConnection* SipTransportLayer::FindConnection(const SendTarget& target) {
  auto usable = [&](ConnectionId id) -> StreamConnection* {
    auto it = connections_.find(id);
    if (it == connections_.end() || it->second->state() == StreamConnection::State::kClosed) return nullptr;
    if (it->second->remote().kind != target.destination.kind) return nullptr;
    return it->second.get();
  };
  if (target.connection != 0) {
    if (auto* connection = usable(target.connection)) return connection;
  }
  auto it = by_remote_.find(target.destination);
  return it == by_remote_.end() ? nullptr : usable(it->second);
}

StreamConnection* SipTransportLayer::OpenConnection(const TransportAddress& destination) {
  if (connections_.size() >= config_.max_connections) {
    ++stats_.send_failures;
    ReportFailureLater(destination, "too many open connections");
    return nullptr;
  }
  if (destination.kind == TransportKind::kTls && !tls_client_) {
    auto context = TlsContextFactory::MakeClient(config_.tls);
    if (!context) {
      ++stats_.send_failures;
      ReportFailureLater(destination, context.error().message);
      return nullptr;
    }
    tls_client_ = std::move(*context);
  }
  ++stats_.connections_opened;
  const ConnectionId id = next_connection_id_++;
  auto connection = std::make_shared<StreamConnection>(
      id, StreamConnection::Origin::kOutgoing, asio::ip::tcp::socket(context_),
      destination.kind == TransportKind::kTls ? tls_client_.get() : nullptr, destination, config_.max_queued_bytes,
      owner(), clock_);
  connections_.emplace(id, connection);
  by_remote_[destination] = id;
  spdlog::debug("SIP {}: opening connection {}", destination.ToString(), id);
  connection->Start();
  return connection.get();
}

void SipTransportLayer::ReportFailureLater(const TransportAddress& destination, std::string reason) {
  // Never from inside SendSip: the caller (a transaction) is in the middle of a transition.
  asio::post(context_, [this, alive = alive_, destination, reason = std::move(reason)] {
    if (*alive) listener_->OnSipTransportFailure(destination, reason);
  });
}

std::optional<std::string> SipTransportLayer::SentBy(TransportKind kind) const {
  auto format = [&](const TransportAddress& local) {
    if (!config_.advertised_host.empty()) return config_.advertised_host + ":" + std::to_string(local.port);
    return local.HostPort();
  };
  if (kind == TransportKind::kUdp) {
    if (!udp_.empty()) return format(udp_.front().local);
    return std::nullopt;
  }
  for (const auto& stream : streams_) {
    if (stream->local.kind == kind) return format(stream->local);
  }
  return std::nullopt;
}

std::vector<TransportAddress> SipTransportLayer::listening() const {
  std::vector<TransportAddress> out;
  for (const auto& udp : udp_) out.push_back(udp.local);
  for (const auto& stream : streams_) out.push_back(stream->local);
  return out;
}

void SipTransportLayer::Sweep() {
  const Timestamp now = clock_->Now();
  std::vector<std::pair<std::shared_ptr<StreamConnection>, std::string>> to_close;
  for (auto& [id, connection] : connections_) {
    if (connection->state() != StreamConnection::State::kOpen) {
      if (now - connection->created() > config_.connect_timeout) {
        ++stats_.connections_timed_out;
        to_close.emplace_back(connection, "connect or TLS handshake timed out");
      }
    } else if (auto since = connection->partial_since(); since && now - *since > config_.partial_message_timeout) {
      ++stats_.violations;
      listener_->OnSipTransportViolation(connection->remote(), "message not finished in time (slow sender)");
      to_close.emplace_back(connection, "message not finished in time");
    } else if (now - connection->last_activity() > config_.idle_timeout) {
      to_close.emplace_back(connection, "idle");
    }
  }
  for (auto& [connection, reason] : to_close) connection->Close(reason);
  sweep_.Start(kSweepPeriod, [this] { Sweep(); });
}

void SipTransportLayer::OnStreamMessage(StreamConnection& connection, std::string_view message) {
  ++stats_.stream_messages;
  Deliver(message, connection.remote(), connection.id(), Framing::kStream);
}

void SipTransportLayer::OnStreamViolation(StreamConnection& connection, std::string_view what) {
  ++stats_.violations;
  if (LogAllowed())
    spdlog::warn("SIP {}: disconnecting, {} (connection {})", connection.remote().ToString(), what, connection.id());
  listener_->OnSipTransportViolation(connection.remote(), what);
}

void SipTransportLayer::OnStreamClosed(StreamConnection& connection, std::string_view reason, bool undelivered) {
  const ConnectionId id = connection.id();
  const TransportAddress remote = connection.remote();
  spdlog::debug("SIP {}: connection {} closed: {}", remote.ToString(), id, reason);
  if (connection.origin() == StreamConnection::Origin::kAccepted) {
    auto it = per_source_.find(remote.address);
    if (it != per_source_.end() && --it->second == 0) per_source_.erase(it);
  }
  auto by_remote = by_remote_.find(remote);
  if (by_remote != by_remote_.end() && by_remote->second == id) by_remote_.erase(by_remote);
  // The connection's own handler holds a reference, so erasing here does not destroy it.
  connections_.erase(id);
  if (undelivered && *alive_) {
    ++stats_.send_failures;
    ReportFailureLater(remote, std::string(reason));
  }
}

void SipTransportLayer::Shutdown() {
  *alive_ = false;  // for good: no failure reports, no more accepts
  for (auto& udp : udp_) udp.socket->Close();
  for (auto& stream : streams_) {
    std::error_code ignored;
    stream->acceptor->close(ignored);
  }
  auto connections = connections_;
  for (auto& [id, connection] : connections) connection->Close("shutting down");
  connections_.clear();
  by_remote_.clear();
  per_source_.clear();
  sweep_.Stop();
}

}  // namespace softmcu::sip
