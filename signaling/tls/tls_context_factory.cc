#include "signaling/tls/tls_context_factory.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

namespace softmcu::sip {
namespace {

std::string OpenSslReason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

enum class Side { kServer, kClient };

Result<std::unique_ptr<asio::ssl::context>> MakeContext(const TlsSettings& settings, Side side) {
  const bool server = side == Side::kServer;
  auto context = std::make_unique<asio::ssl::context>(server ? asio::ssl::context::tls_server
                                                             : asio::ssl::context::tls_client);
  SSL_CTX* ctx = context->native_handle();
  ERR_clear_error();
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1)
    return MakeError(ErrorCode::kInternal, "cannot require TLS 1.2: " + OpenSslReason());
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(ctx, TlsContextFactory::kTls12Ciphers) != 1)
    return MakeError(ErrorCode::kInternal, "cannot set TLS cipher list: " + OpenSslReason());

  if (!settings.certificate_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx, settings.certificate_file.c_str()) != 1)
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("cannot load TLS certificate {}: {}; check the path or remove it to "
                                   "use the generated self-signed one",
                                   settings.certificate_file, OpenSslReason()));
    if (SSL_CTX_use_PrivateKey_file(ctx, settings.private_key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      return MakeError(ErrorCode::kInvalidArgument, fmt::format("cannot load TLS private key {}: {}",
                                                                settings.private_key_file, OpenSslReason()));
    if (SSL_CTX_check_private_key(ctx) != 1)
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("TLS private key {} does not match certificate {}", settings.private_key_file,
                                   settings.certificate_file));
  } else if (server) {
    return MakeError(ErrorCode::kInvalidArgument, "a TLS listener needs a certificate and a private key");
  }

  if (settings.verify_peer) {
    if (settings.ca_file.empty())
      return MakeError(ErrorCode::kInvalidArgument, "tls verify_peer needs a CA file");
    if (SSL_CTX_load_verify_locations(ctx, settings.ca_file.c_str(), nullptr) != 1)
      return MakeError(ErrorCode::kInvalidArgument,
                       fmt::format("cannot load TLS CA file {}: {}", settings.ca_file, OpenSslReason()));
    int mode = SSL_VERIFY_PEER;
    if (server) mode |= SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
    SSL_CTX_set_verify(ctx, mode, nullptr);
  } else {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
  }
  return context;
}

}  // namespace

Result<std::unique_ptr<asio::ssl::context>> TlsContextFactory::MakeServer(const TlsSettings& settings) {
  return MakeContext(settings, Side::kServer);
}

Result<std::unique_ptr<asio::ssl::context>> TlsContextFactory::MakeClient(const TlsSettings& settings) {
  return MakeContext(settings, Side::kClient);
}

}  // namespace softmcu::sip
