#include "signaling/transport/transport_address.h"

#include <charconv>
#include <tuple>

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {

std::string_view ToString(TransportKind kind) {
  switch (kind) {
    case TransportKind::kUdp: return "UDP";
    case TransportKind::kTcp: return "TCP";
    case TransportKind::kTls: return "TLS";
  }
  return "UDP";
}

std::string_view UriParam(TransportKind kind) {
  switch (kind) {
    case TransportKind::kUdp: return "udp";
    case TransportKind::kTcp: return "tcp";
    case TransportKind::kTls: return "tls";
  }
  return "udp";
}

std::optional<TransportKind> ParseTransportKind(std::string_view text) {
  if (EqualsIgnoreCase(text, "udp")) return TransportKind::kUdp;
  if (EqualsIgnoreCase(text, "tcp")) return TransportKind::kTcp;
  if (EqualsIgnoreCase(text, "tls")) return TransportKind::kTls;
  return std::nullopt;
}

std::string FormatHost(const asio::ip::address& address) {
  if (address.is_v6()) return "[" + address.to_string() + "]";
  return address.to_string();
}

std::optional<asio::ip::address> ParseIpHost(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    std::error_code ec;
    auto address = asio::ip::make_address_v6(std::string(host.substr(1, host.size() - 2)), ec);
    if (ec) return std::nullopt;
    return asio::ip::address(address);
  }
  std::error_code ec;
  auto address = asio::ip::make_address_v4(std::string(host), ec);
  if (ec) return std::nullopt;
  return asio::ip::address(address);
}

std::string TransportAddress::HostPort() const { return FormatHost(address) + ":" + std::to_string(port); }

std::string TransportAddress::ToString() const {
  return std::string(UriParam(kind)) + ":" + HostPort();
}

std::optional<TransportAddress> TransportAddress::Parse(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = ParseTransportKind(text.substr(0, colon));
  if (!kind) return std::nullopt;
  std::string_view rest = text.substr(colon + 1);
  const size_t port_colon = rest.rfind(':');
  if (port_colon == std::string_view::npos || port_colon + 1 == rest.size()) return std::nullopt;
  auto address = ParseIpHost(rest.substr(0, port_colon));
  if (!address) return std::nullopt;
  std::string_view port_text = rest.substr(port_colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) return std::nullopt;
  return TransportAddress{*kind, *address, static_cast<uint16_t>(port)};
}

bool TransportAddress::operator<(const TransportAddress& other) const {
  return std::tie(kind, address, port) < std::tie(other.kind, other.address, other.port);
}

}  // namespace softmcu::sip
