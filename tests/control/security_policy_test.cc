// docs/security.md: the HTTPS console's TLS policy and the database's file modes, shown
// against the real server and files.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "signaling/tls/self_signed_certificate.h"
#include "tests/control/control_fixture.h"

namespace softmcu::control::testing {
namespace {

struct Probe {
  int min_version = TLS1_2_VERSION;
  int max_version = TLS1_3_VERSION;
  const char* tls12_ciphers = "DEFAULT";  // what the client offers for TLS <= 1.2
};

// One TLS handshake against 127.0.0.1:port with an OpenSSL client limited as `probe` says
// (security level 0, so the client itself never refuses old versions or weak suites: the
// refusal we observe is the server's). True if the handshake completed.
bool Handshake(int port, const Probe& probe) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_security_level(ctx, 0);
  SSL_CTX_set_min_proto_version(ctx, probe.min_version);
  SSL_CTX_set_max_proto_version(ctx, probe.max_version);
  SSL_CTX_set_cipher_list(ctx, probe.tls12_ciphers);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{.tv_sec = 5, .tv_usec = 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd);
    ok = SSL_connect(ssl) == 1;
    if (ok) SSL_shutdown(ssl);
    SSL_free(ssl);
  }
  ::close(fd);
  SSL_CTX_free(ctx);
  ERR_clear_error();
  return ok;
}

class HttpsPolicyTest : public ControlTest {
 protected:
  void SetUp() override {
    ControlOptions options = TestOptions(dir_.path());
    options.http.tls_cert_file = dir_.path() + "/cert.pem";
    options.http.tls_key_file = dir_.path() + "/key.pem";
    ASSERT_TRUE(sip::SelfSignedCertificate::Generate({}, options.http.tls_cert_file, options.http.tls_key_file));
    Open(options);
    auto port = plane_->StartHttp();
    ASSERT_TRUE(port);
    port_ = *port;
  }
  int port_ = 0;
};

TEST_F(HttpsPolicyTest, AcceptsTls13AndTls12WithAnAeadSuite) {
  EXPECT_TRUE(Handshake(port_, {.min_version = TLS1_3_VERSION}));
  EXPECT_TRUE(Handshake(port_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256"}));
  EXPECT_TRUE(Handshake(port_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = "ECDHE-ECDSA-CHACHA20-POLY1305"}));
}

TEST_F(HttpsPolicyTest, RefusesTls11AndTls10) {
  EXPECT_FALSE(Handshake(port_, {.min_version = TLS1_1_VERSION, .max_version = TLS1_1_VERSION}));
  EXPECT_FALSE(Handshake(port_, {.min_version = TLS1_VERSION, .max_version = TLS1_VERSION}));
}

// OpenSSL's default list would accept these CBC (and SHA-1) suites with TLS 1.2.
TEST_F(HttpsPolicyTest, RefusesTls12CbcSuites) {
  for (const char* suite : {"ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA"}) {
    EXPECT_FALSE(Handshake(port_, {.max_version = TLS1_2_VERSION, .tls12_ciphers = suite})) << suite;
  }
}

mode_t ModeOf(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return 07777;
  return st.st_mode & 07777;
}

// The database holds password and session hashes; SQLite gives its WAL and shared-memory
// files the database file's mode.
TEST_F(ControlTest, DatabaseAndItsWalAreOwnerOnly) {
  const mode_t old_umask = ::umask(022);
  Open();
  ::umask(old_umask);
  ASSERT_TRUE(plane_->EnsureInitialAdmin(kAdminPassword));
  const std::string db = dir_.path() + "/control.db";
  EXPECT_EQ(ModeOf(db), 0600u);
  EXPECT_EQ(ModeOf(db + "-wal"), 0600u);
  EXPECT_EQ(ModeOf(db + "-shm"), 0600u);
}

}  // namespace
}  // namespace softmcu::control::testing
