#pragma once
// Where a SIP message comes from or goes to: a transport (UDP, TCP, TLS — RFC 3261 §18)
// and an IP endpoint. Written "udp:127.0.0.1:5060" or "tls:[::1]:5061" in logs and on the
// command line (`--sip-listen`). Host names are not addresses: resolving them is the
// caller's business (softmcu's bridge points are configured by IP address).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <asio/ip/address.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

namespace softmcu::sip {

enum class TransportKind : uint8_t { kUdp, kTcp, kTls };

// The Via spelling: "UDP", "TCP", "TLS" (RFC 3261 §20.42).
std::string_view ToString(TransportKind kind);
// The URI parameter spelling: "udp", "tcp", "tls" (RFC 3261 §19.1.1).
std::string_view UriParam(TransportKind kind);
// "udp", "UDP", "tcp", "tls" in any case; nullopt for SCTP, WS and anything else.
std::optional<TransportKind> ParseTransportKind(std::string_view text);
inline bool IsReliable(TransportKind kind) { return kind != TransportKind::kUdp; }
// RFC 3261 §19.1.2: 5060 for UDP/TCP, 5061 for TLS.
inline uint16_t DefaultPort(TransportKind kind) { return kind == TransportKind::kTls ? 5061 : 5060; }

struct TransportAddress {
  TransportKind kind = TransportKind::kUdp;
  asio::ip::address address;
  uint16_t port = 0;

  // "127.0.0.1:5060", "[::1]:5061".
  std::string HostPort() const;
  // "udp:127.0.0.1:5060".
  std::string ToString() const;
  // Parses ToString()'s form; the port is required.
  static std::optional<TransportAddress> Parse(std::string_view text);

  asio::ip::udp::endpoint UdpEndpoint() const { return {address, port}; }
  asio::ip::tcp::endpoint TcpEndpoint() const { return {address, port}; }

  bool operator==(const TransportAddress& other) const = default;
  bool operator<(const TransportAddress& other) const;
};

// The bracketed form for IPv6, as SIP writes hosts (RFC 3261 §25.1 IPv6reference).
std::string FormatHost(const asio::ip::address& address);
// An IP literal in SIP syntax ("192.0.2.1", "[2001:db8::1]"); nullopt for names.
std::optional<asio::ip::address> ParseIpHost(std::string_view host);

}  // namespace softmcu::sip
