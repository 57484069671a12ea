#pragma once
// The seam between SIP transports (RFC 3261 §18) and what sits above them (transactions,
// the user agent). SipTransportLayer implements SipMessageSender over real sockets; tests
// implement it with an in-memory network. Both sides run on one signalling thread.
//
// Incoming: the transport frames and parses, and hands up either a SipMessage with its
// source, or the parse error (so the layer above can rate-limit and answer 400 with a
// reason, or drop). Outgoing: SendSip() never blocks and never fails synchronously; a
// stream that cannot be connected, or closes with data queued, is reported as
// OnSipTransportFailure for that destination, which fails the transactions waiting on it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/units.h"
#include "signaling/sip/sip_error.h"
#include "signaling/sip/sip_message.h"
#include "signaling/transport/transport_address.h"

namespace softmcu::sip {

// A stream connection's id; 0 means "no connection" (UDP, or none preferred).
using ConnectionId = uint64_t;

struct IncomingMessage {
  SipMessage message;
  TransportAddress source;  // source.kind: the transport it arrived on
  ConnectionId connection = 0;
  Timestamp arrival;
};

struct SendTarget {
  TransportAddress destination;
  // For streams: the connection to use if it is still open (a response goes back on the
  // request's connection, RFC 3261 §18.2.2; in-dialog requests follow the peer's flow).
  ConnectionId connection = 0;
};

class SipTransportListener {
 public:
  virtual void OnSipTransportMessage(IncomingMessage message) = 0;
  // A datagram or framed stream message that did not parse. `error.request` is set when
  // a stateless answer is possible (error_response.h).
  virtual void OnSipTransportParseError(const TransportAddress& source, ConnectionId connection,
                                        const SipError& error) = 0;
  // Queued messages for `destination` could not be delivered (connect, handshake or
  // write failed, or the connection closed with data queued).
  virtual void OnSipTransportFailure(const TransportAddress& destination, std::string_view reason) = 0;
  // A peer broke a transport rule and was disconnected (endless header, unframeable
  // stream, too many connections): a security event for the audit trail.
  virtual void OnSipTransportViolation(const TransportAddress& source, std::string_view what) = 0;

 protected:
  ~SipTransportListener() = default;
};

class SipMessageSender {
 public:
  virtual ~SipMessageSender() = default;
  virtual void SendSip(const SendTarget& target, std::string wire) = 0;
  // Our sent-by for a Via and host:port for a Contact on `kind` (RFC 3261 §18.1.1: where
  // we listen, not the ephemeral port of an outgoing connection); nullopt when we do not
  // listen on that transport.
  virtual std::optional<std::string> SentBy(TransportKind kind) const = 0;
};

}  // namespace softmcu::sip
