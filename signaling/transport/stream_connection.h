#pragma once
// One SIP connection over TCP or TLS (RFC 3261 §18), accepted or opened by us. It frames
// the byte stream with StreamFramer (bounded: a peer that sends an endless header is cut
// at SipLimits::kMaxHeadSize), answers RFC 5626 §4.4.1 double-CRLF pings with a CRLF,
// queues outgoing messages (bounded) until connected, and reports to its owner — the
// SipTransportLayer — each framed message, a rule broken by the peer, and its close.
//
// Ownership: the transport layer holds a shared_ptr in its table; pending asio operations
// hold one too, so closing from inside a callback is safe. Threading: the loop's thread.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>

#include "core/clock.h"
#include "signaling/transport/sip_transport.h"

namespace softmcu::sip {

class StreamConnection;

class StreamConnectionOwner {
 public:
  // One framed message (not yet parsed); the view is valid during the call.
  virtual void OnStreamMessage(StreamConnection& connection, std::string_view message) = 0;
  // The peer broke a framing rule; the connection closes right after.
  virtual void OnStreamViolation(StreamConnection& connection, std::string_view what) = 0;
  // Closed, by either side; `undelivered` when queued messages were never written.
  virtual void OnStreamClosed(StreamConnection& connection, std::string_view reason, bool undelivered) = 0;

 protected:
  ~StreamConnectionOwner() = default;
};

class StreamConnection : public std::enable_shared_from_this<StreamConnection> {
 public:
  enum class Origin { kAccepted, kOutgoing };
  enum class State { kConnecting, kHandshaking, kOpen, kClosed };

  // `tls` is null for TCP; for TLS it must outlive the connection.
  StreamConnection(ConnectionId id, Origin origin, asio::ip::tcp::socket socket, asio::ssl::context* tls,
                   TransportAddress remote, size_t max_queued_bytes, StreamConnectionOwner* owner,
                   const Clock* clock);
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  // Accepted: TLS handshake (if any), then reading. Outgoing: connect first.
  void Start();
  // Queues one message; written in order once the connection is open.
  void Send(std::string wire);
  // Closes now (idempotent); the owner hears OnStreamClosed once.
  void Close(std::string_view reason);

  ConnectionId id() const { return id_; }
  Origin origin() const { return origin_; }
  State state() const { return state_; }
  const TransportAddress& remote() const { return remote_; }
  Timestamp created() const { return created_; }
  Timestamp last_activity() const { return last_activity_; }
  // Since when bytes of an unfinished message sit in the buffer (slow-header guard).
  std::optional<Timestamp> partial_since() const { return partial_since_; }
  size_t queued_bytes() const { return queued_bytes_; }

 private:
  void Connect();
  void Handshake();
  void OnOpen();
  void ReadNext();
  void OnRead(size_t n);
  // Frames and hands up what the buffer holds; false once the connection closed.
  bool Drain();
  void WriteNext();
  template <typename F>
  void WithStream(F&& f);

  const ConnectionId id_;
  const Origin origin_;
  asio::ip::tcp::socket tcp_;  // used directly for TCP; moved into tls_ for TLS
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket>> tls_;
  const TransportAddress remote_;
  const size_t max_queued_bytes_;
  StreamConnectionOwner* const owner_;
  const Clock* const clock_;
  State state_ = State::kConnecting;
  std::string buffer_;  // received, not yet framed; bounded by the framer's limits
  std::array<char, 16384> chunk_{};
  std::deque<std::string> queue_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  Timestamp created_;
  Timestamp last_activity_;
  std::optional<Timestamp> partial_since_;
};

}  // namespace softmcu::sip
