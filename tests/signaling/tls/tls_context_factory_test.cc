// docs/security.md "TLS": SIP over TLS accepts TLS 1.3 and TLS 1.2 with forward-secret AEAD
// suites, and nothing older or weaker. Handshakes run in memory (a BIO pair), no sockets.
#include "signaling/tls/tls_context_factory.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include "signaling/tls/self_signed_certificate.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::sip {
namespace {

using testing::TempDir;

struct Probe {
  int min_version = TLS1_2_VERSION;
  int max_version = TLS1_3_VERSION;
  const char* tls12_ciphers = "DEFAULT";
};

// Our server context against an OpenSSL client limited as `probe` says, at security level 0
// so that any refusal is the server's. True if both ends finished the handshake.
bool Handshake(asio::ssl::context& server_context, const Probe& probe) {
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(client_ctx, 0);
  SSL_CTX_set_min_proto_version(client_ctx, probe.min_version);
  SSL_CTX_set_max_proto_version(client_ctx, probe.max_version);
  SSL_CTX_set_cipher_list(client_ctx, probe.tls12_ciphers);
  SSL* client = SSL_new(client_ctx);
  SSL* server = SSL_new(server_context.native_handle());
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
  SSL_set_bio(client, client_bio, client_bio);
  SSL_set_bio(server, server_bio, server_bio);
  SSL_set_connect_state(client);
  SSL_set_accept_state(server);
  bool client_done = false, server_done = false, failed = false;
  for (int round = 0; round < 20 && !(client_done && server_done) && !failed; ++round) {
    for (auto [ssl, done] : {std::pair{client, &client_done}, std::pair{server, &server_done}}) {
      if (*done) continue;
      const int rc = SSL_do_handshake(ssl);
      if (rc == 1) {
        *done = true;
      } else {
        const int error = SSL_get_error(ssl, rc);
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) failed = true;
      }
    }
  }
  SSL_free(client);
  SSL_free(server);
  SSL_CTX_free(client_ctx);
  ERR_clear_error();
  return client_done && server_done;
}

class TlsPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(SelfSignedCertificate::Generate({}, dir_.File("sip.crt"), dir_.File("sip.key")));
    auto context = TlsContextFactory::MakeServer({dir_.File("sip.crt"), dir_.File("sip.key"), "", false});
    ASSERT_TRUE(context);
    server_ = std::move(*context);
  }
  TempDir dir_;
  std::unique_ptr<asio::ssl::context> server_;
};

TEST_F(TlsPolicyTest, AcceptsTls13AndTls12WithAnAeadSuite) {
  EXPECT_TRUE(Handshake(*server_, {.min_version = TLS1_3_VERSION}));
  EXPECT_TRUE(Handshake(*server_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256"}));
  EXPECT_TRUE(Handshake(*server_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = "ECDHE-ECDSA-AES256-GCM-SHA384"}));
}

TEST_F(TlsPolicyTest, RefusesTls11AndTls10) {
  EXPECT_FALSE(Handshake(*server_, {.min_version = TLS1_1_VERSION, .max_version = TLS1_1_VERSION}));
  EXPECT_FALSE(Handshake(*server_, {.min_version = TLS1_VERSION, .max_version = TLS1_VERSION}));
}

TEST_F(TlsPolicyTest, RefusesTls12CbcSuites) {
  for (const char* suite : {"ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA"}) {
    EXPECT_FALSE(Handshake(*server_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = suite})) << suite;
  }
}

}  // namespace
}  // namespace softmcu::sip
