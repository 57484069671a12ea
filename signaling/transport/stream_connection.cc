#include "signaling/transport/stream_connection.h"

#include <asio/connect.hpp>
#include <asio/write.hpp>

#include "signaling/sip/sip_limits.h"
#include "signaling/sip/stream_framer.h"

namespace softmcu::sip {

StreamConnection::StreamConnection(ConnectionId id, Origin origin, asio::ip::tcp::socket socket,
                                   asio::ssl::context* tls, TransportAddress remote, size_t max_queued_bytes,
                                   StreamConnectionOwner* owner, const Clock* clock)
    : id_(id),
      origin_(origin),
      tcp_(std::move(socket)),
      remote_(std::move(remote)),
      max_queued_bytes_(max_queued_bytes),
      owner_(owner),
      clock_(clock),
      created_(clock->Now()),
      last_activity_(created_) {
  if (tls) tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(tcp_), *tls);
}

template <typename F>
void StreamConnection::WithStream(F&& f) {
  if (tls_) {
    f(*tls_);
  } else {
    f(tcp_);
  }
}

void StreamConnection::Start() {
  if (origin_ == Origin::kOutgoing) {
    Connect();
  } else if (tls_) {
    Handshake();
  } else {
    OnOpen();
  }
}

void StreamConnection::Connect() {
  state_ = State::kConnecting;
  asio::ip::tcp::socket& socket = tls_ ? tls_->next_layer() : tcp_;
  socket.async_connect(remote_.TcpEndpoint(), [self = shared_from_this()](const std::error_code& ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) return self->Close("connect failed: " + ec.message());
    if (self->tls_) {
      self->Handshake();
    } else {
      std::error_code ignored;
      self->tcp_.set_option(asio::ip::tcp::no_delay(true), ignored);
      self->OnOpen();
    }
  });
}

void StreamConnection::Handshake() {
  state_ = State::kHandshaking;
  std::error_code ignored;
  tls_->next_layer().set_option(asio::ip::tcp::no_delay(true), ignored);
  const auto type = origin_ == Origin::kOutgoing ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
  tls_->async_handshake(type, [self = shared_from_this()](const std::error_code& ec) {
    if (self->state_ == State::kClosed) return;
    if (ec) return self->Close("TLS handshake failed: " + ec.message());
    self->OnOpen();
  });
}

void StreamConnection::OnOpen() {
  state_ = State::kOpen;
  last_activity_ = clock_->Now();
  ReadNext();
  WriteNext();
}

void StreamConnection::ReadNext() {
  WithStream([this](auto& stream) {
    stream.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](const std::error_code& ec, size_t n) {
      if (self->state_ == State::kClosed) return;
      if (ec) return self->Close(ec == asio::error::eof ? "closed by peer" : "read failed: " + ec.message());
      self->OnRead(n);
    });
  });
}

void StreamConnection::OnRead(size_t n) {
  last_activity_ = clock_->Now();
  buffer_.append(chunk_.data(), n);
  if (!Drain()) return;
  ReadNext();
}

bool StreamConnection::Drain() {
  size_t consumed = 0;
  while (state_ != State::kClosed) {
    const std::string_view rest = std::string_view(buffer_).substr(consumed);
    const Frame frame = StreamFramer::Next(rest);
    if (frame.kind == Frame::Kind::kNeedMore) break;
    if (frame.kind == Frame::Kind::kError) {
      owner_->OnStreamViolation(*this, frame.error.message);
      Close("framing error: " + frame.error.message);
      return false;
    }
    if (frame.kind == Frame::Kind::kKeepAlive) {
      // RFC 5626 §4.4.1: a double-CRLF ping gets a single-CRLF pong; a lone CRLF (a pong,
      // or padding between messages) gets nothing.
      if (rest.substr(0, frame.size).find("\r\n\r\n") != std::string_view::npos) Send("\r\n");
    } else {
      owner_->OnStreamMessage(*this, rest.substr(0, frame.size));
    }
    consumed += frame.size;
  }
  if (state_ == State::kClosed) return false;
  buffer_.erase(0, consumed);
  // The framer refuses a head over its limit; this also bounds a body still arriving.
  if (buffer_.size() > SipLimits::kMaxMessageSize) {
    owner_->OnStreamViolation(*this, "message over " + std::to_string(SipLimits::kMaxMessageSize) + " bytes");
    Close("message too large");
    return false;
  }
  if (buffer_.empty()) {
    partial_since_.reset();
  } else if (!partial_since_) {
    partial_since_ = clock_->Now();
  }
  return true;
}

void StreamConnection::Send(std::string wire) {
  if (state_ == State::kClosed) return;
  if (queued_bytes_ + wire.size() > max_queued_bytes_) {
    Close("send queue over " + std::to_string(max_queued_bytes_) + " bytes (peer not reading)");
    return;
  }
  queued_bytes_ += wire.size();
  queue_.push_back(std::move(wire));
  WriteNext();
}

void StreamConnection::WriteNext() {
  if (writing_ || state_ != State::kOpen || queue_.empty()) return;
  writing_ = true;
  WithStream([this](auto& stream) {
    asio::async_write(stream, asio::buffer(queue_.front()), [self = shared_from_this()](const std::error_code& ec, size_t) {
      self->writing_ = false;
      if (self->state_ == State::kClosed) return;
      if (ec) return self->Close("write failed: " + ec.message());
      self->queued_bytes_ -= self->queue_.front().size();
      self->queue_.pop_front();
      self->last_activity_ = self->clock_->Now();
      self->WriteNext();
    });
  });
}

void StreamConnection::Close(std::string_view reason) {
  if (state_ == State::kClosed) return;
  state_ = State::kClosed;
  std::error_code ignored;
  asio::ip::tcp::socket& socket = tls_ ? tls_->next_layer() : tcp_;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  const bool undelivered = !queue_.empty();
  owner_->OnStreamClosed(*this, reason, undelivered);
}

}  // namespace softmcu::sip
