#include "signaling/dialog/dialog.h"

#include <algorithm>

#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

// The URI inside a Contact/Route name-addr value.
std::optional<std::string> UriOf(std::string_view name_addr) {
  auto parsed = NameAddr::Parse(name_addr);
  if (!parsed) return std::nullopt;
  return parsed->uri;
}

SipResult<std::string> FirstContactUri(const SipMessage& message) {
  const Contacts contacts = message.ContactList();
  if (contacts.wildcard || contacts.entries.empty())
    return MakeSipError(SipErrorCode::kMissingHeader, "no Contact to send in-dialog requests to", "Contact");
  return contacts.entries.front().uri;
}

std::vector<std::string> RecordRouteValues(const SipMessage& message) {
  std::vector<std::string> out;
  for (const NameAddr& route : message.RecordRoutes()) out.push_back(route.Format());
  return out;
}

}  // namespace

std::optional<TransportAddress> ResolveSipUri(std::string_view uri_text, TransportKind fallback_kind) {
  auto uri = SipUri::Parse(uri_text);
  if (!uri) return std::nullopt;
  TransportKind kind = fallback_kind;
  if (auto param = uri->Transport()) {
    auto parsed = ParseTransportKind(*param);
    if (!parsed) return std::nullopt;  // SCTP, WS...
    kind = *parsed;
  } else if (uri->secure) {
    kind = TransportKind::kTls;
  }
  auto address = ParseIpHost(uri->host);
  if (!address) return std::nullopt;
  return TransportAddress{kind, *address, uri->port.value_or(DefaultPort(kind))};
}

SipResult<Dialog> Dialog::ForUas(const IncomingMessage& request, std::string_view local_tag) {
  const SipMessage& m = request.message;
  auto target = FirstContactUri(m);
  if (!target) return tl::unexpected(target.error());
  Dialog d;
  d.role_ = Role::kUas;
  d.id_ = DialogId{std::string(m.CallId()), std::string(local_tag), m.FromTag().value_or("")};
  d.remote_header_ = Unfold(*m.Find(HeaderId::kFrom));
  d.local_header_ = Unfold(*m.Find(HeaderId::kTo));
  if (!m.To().Tag()) d.local_header_ += ";tag=" + std::string(local_tag);
  d.remote_target_ = *target;
  d.route_set_ = RecordRouteValues(m);
  d.remote_cseq_ = m.Sequence().number;
  d.transport_ = request.source.kind;
  d.peer_ = request.source;
  d.flow_ = request.connection;
  return d;
}

SipResult<Dialog> Dialog::ForUac(const SipMessage& request, const IncomingMessage& response, TransportKind transport) {
  const SipMessage& r = response.message;
  auto remote_tag = r.ToTag();
  if (!remote_tag) return MakeSipError(SipErrorCode::kBadHeader, "response without a To tag", "To");
  Dialog d;
  d.role_ = Role::kUac;
  d.id_ = DialogId{std::string(request.CallId()), request.FromTag().value_or(""),
                   *remote_tag};
  d.local_header_ = Unfold(*request.Find(HeaderId::kFrom));
  d.remote_header_ = Unfold(*r.Find(HeaderId::kTo));
  auto target = FirstContactUri(r);
  // A 1xx may lack Contact; the 2xx will bring it. Until then the Request-URI serves.
  d.remote_target_ = target ? *target : std::string(request.RequestUri());
  d.route_set_ = RecordRouteValues(r);
  std::reverse(d.route_set_.begin(), d.route_set_.end());
  d.local_cseq_ = request.Sequence().number;
  d.transport_ = transport;
  d.peer_ = response.source;
  d.flow_ = response.connection;
  return d;
}

SipMessageBuilder Dialog::MakeRequest(std::string_view method, uint32_t cseq) const {
  std::string request_uri = remote_target_;
  std::vector<std::string> routes = route_set_;
  if (!routes.empty()) {
    auto first = NameAddr::Parse(routes.front());
    const bool loose = first && first->sip_uri && first->sip_uri->LooseRoute();
    if (!loose && first) {
      // §12.2.1.1 strict routing: the first route becomes the Request-URI (without
      // parameters not allowed there), the remote target goes last.
      request_uri = first->uri;
      routes.erase(routes.begin());
      routes.push_back("<" + remote_target_ + ">");
    }
  }
  SipMessageBuilder builder = SipMessageBuilder::Request(method, request_uri);
  builder.AddHeader("Max-Forwards", "70");
  for (const auto& route : routes) builder.AddHeader("Route", route);
  builder.AddHeader("From", local_header_);
  builder.AddHeader("To", remote_header_);
  builder.AddHeader("Call-ID", id_.call_id);
  builder.AddHeader("CSeq", std::to_string(cseq) + " " + std::string(method));
  return builder;
}

TransportAddress Dialog::Resolve(std::string_view uri_text) const {
  if (auto resolved = ResolveSipUri(uri_text, transport_)) return *resolved;
  return peer_;
}

SendTarget Dialog::NextHop() const {
  TransportAddress destination;
  if (!route_set_.empty()) {
    auto first = UriOf(route_set_.front());
    destination = first ? Resolve(*first) : peer_;
  } else {
    destination = Resolve(remote_target_);
  }
  // On the peer's own connection when it goes to the same transport.
  ConnectionId connection = destination.kind == peer_.kind ? flow_ : 0;
  return SendTarget{destination, connection};
}

bool Dialog::AcceptRemoteCSeq(uint32_t cseq) {
  if (remote_cseq_ && cseq < *remote_cseq_) return false;
  remote_cseq_ = cseq;
  return true;
}

void Dialog::UpdateRemoteTarget(const SipMessage& message) {
  if (auto target = FirstContactUri(message)) remote_target_ = *target;
}


}  // namespace softmcu::sip
