#pragma once
// One SIP dialog (RFC 3261 §12): its identity, the route set, the targets and the CSeq
// spaces, and the rules for requests inside it:
//
//   - created by a UAS from the INVITE (§12.1.1: route set = Record-Route in order,
//     remote target = Contact) or by a UAC from a 1xx-with-tag or 2xx (§12.1.2: route set
//     = Record-Route reversed);
//   - requests in it (§12.2.1.1) get Request-URI and Route from the route set — loose
//     routing when the first route has `lr`, strict routing (the first route becomes the
//     Request-URI, the remote target the last Route) otherwise — and go to the first
//     route, else to the remote target;
//   - incoming requests must not go back in CSeq (§12.2.2); target-refresh requests and
//     their 2xx replace the remote target (§12.2.1.2, §12.2.2).
//
// Where a URI names a host rather than an IP address (softmcu does no DNS), the dialog's
// messages go back to the address the peer used. On streams the dialog remembers the
// peer's connection and prefers it (responses and requests share the flow).
//
// A plain value owned by its Call; no I/O. Threading: the signalling loop.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "signaling/sip/sip_message.h"
#include "signaling/sip/sip_message_builder.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip {

struct DialogId {
  std::string call_id;
  std::string local_tag;
  std::string remote_tag;
  auto operator<=>(const DialogId&) const = default;
};

class Dialog {
 public:
  enum class Role { kUac, kUas };

  // §12.1.1. `local_tag` is the To tag we add.
  static SipResult<Dialog> ForUas(const IncomingMessage& request, std::string_view local_tag);
  // §12.1.2. `request` is what we sent (its From carries our tag), `response` a 1xx with a
  // To tag or a 2xx; `transport` the transport the request used. The 2xx rebuilds the
  // dialog an early 1xx made: its route set and target are the final ones (§13.2.2.4).
  static SipResult<Dialog> ForUac(const SipMessage& request, const IncomingMessage& response,
                                  TransportKind transport);

  const DialogId& id() const { return id_; }
  Role role() const { return role_; }

  // A request in the dialog with Request-URI, Route, From, To, Call-ID, CSeq and
  // Max-Forwards; the caller adds Via (and Contact for target refreshes). `cseq` is
  // NextLocalCSeq() for new requests, the INVITE's number for its ACK (§13.2.2.4).
  SipMessageBuilder MakeRequest(std::string_view method, uint32_t cseq) const;
  uint32_t NextLocalCSeq() { return ++local_cseq_; }
  uint32_t local_cseq() const { return local_cseq_; }

  // Where requests of this dialog go (§8.1.2 applied to the route set, §18.1.1).
  SendTarget NextHop() const;
  TransportKind transport() const { return transport_; }

  // §12.2.2: false if `cseq` is lower than the last one seen (answer 500); remembers it.
  bool AcceptRemoteCSeq(uint32_t cseq);
  // Target refresh: a Contact in a re-INVITE/UPDATE or its 2xx replaces the remote target.
  void UpdateRemoteTarget(const SipMessage& message);
  // The connection the peer uses, preferred for what we send.
  void SetFlow(ConnectionId connection) { flow_ = connection; }

  const std::string& remote_target() const { return remote_target_; }
  const std::vector<std::string>& route_set() const { return route_set_; }
  const TransportAddress& peer() const { return peer_; }

 private:
  Dialog() = default;
  TransportAddress Resolve(std::string_view uri_text) const;

  DialogId id_;
  Role role_ = Role::kUac;
  std::string local_header_;   // From for our requests, with our tag
  std::string remote_header_;  // To for our requests, with theirs
  std::string remote_target_;  // URI
  std::vector<std::string> route_set_;  // name-addr values, in the order requests carry them
  uint32_t local_cseq_ = 0;
  std::optional<uint32_t> remote_cseq_;
  TransportKind transport_ = TransportKind::kUdp;
  TransportAddress peer_;  // where the dialog's messages came from
  ConnectionId flow_ = 0;
};

// The address a URI points at: its transport (transport= parameter; sips → TLS; else
// `fallback_kind`), its host if it is an IP literal, its port or the transport's default.
// nullopt for a host name (no DNS here) or a URI that does not parse.
std::optional<TransportAddress> ResolveSipUri(std::string_view uri_text, TransportKind fallback_kind);

}  // namespace softmcu::sip
