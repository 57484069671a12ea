#pragma once
// asio::ssl contexts for SIP over TLS (RFC 3261 §26.3.1, RFC 5630): TLS 1.2 or newer only,
// forward-secret AEAD cipher suites for TLS 1.2 (TLS 1.3 keeps OpenSSL's defaults, which
// are all AEAD), no compression, no renegotiation. A server context needs a certificate
// and key; a client context presents them too when given (some room systems ask).
//
// Errors name the file and OpenSSL's reason, so an operator knows what to fix.

#include <memory>

#include <asio/ssl/context.hpp>

#include "core/result.h"
#include "signaling/tls/tls_settings.h"

namespace softmcu::sip {

class TlsContextFactory {
 public:
  static Result<std::unique_ptr<asio::ssl::context>> MakeServer(const TlsSettings& settings);
  static Result<std::unique_ptr<asio::ssl::context>> MakeClient(const TlsSettings& settings);

  // The TLS 1.2 cipher list both use.
  static constexpr const char* kTls12Ciphers =
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
      "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
};

}  // namespace softmcu::sip
