#include "signaling/tls/self_signed_certificate.h"

#include <sys/stat.h>

#include <cstdio>
#include <memory>

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "signaling/tls/tls_context_factory.h"
#include "tests/signaling/testing/temp_dir.h"

namespace softmcu::sip {
namespace {

using testing::TempDir;

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};

std::unique_ptr<X509, X509Deleter> ReadCertificate(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (!file) return nullptr;
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  return std::unique_ptr<X509, X509Deleter>(cert);
}

TEST(SelfSignedCertificate, WritesAKeyOnlyTheOwnerCanReadAndACertificateTlsAccepts) {
  TempDir dir;
  const std::string cert = dir.File("sip.crt"), key = dir.File("sip.key");
  auto generated = SelfSignedCertificate::Generate({}, cert, key);
  ASSERT_TRUE(generated) << generated.error().message;
  struct stat st;
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto context = TlsContextFactory::MakeServer({cert, key, "", false});
  EXPECT_TRUE(context) << (context ? "" : context.error().message);
}

TEST(SelfSignedCertificate, NamesTheConfiguredHostsAndAddresses) {
  TempDir dir;
  SelfSignedOptions options;
  options.common_name = "mcu.angiang.gov.vn";
  options.dns_names = {"mcu.angiang.gov.vn"};
  options.ip_addresses = {"10.1.2.3"};
  ASSERT_TRUE(SelfSignedCertificate::Generate(options, dir.File("c.pem"), dir.File("k.pem")));
  auto cert = ReadCertificate(dir.File("c.pem"));
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_check_host(cert.get(), "mcu.angiang.gov.vn", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "10.1.2.3", 0), 1);
  EXPECT_NE(X509_check_ip_asc(cert.get(), "10.1.2.4", 0), 1);
  EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
}

TEST(SelfSignedCertificate, EnsureKeepsExistingFiles) {
  TempDir dir;
  const std::string cert = dir.File("c.pem"), key = dir.File("k.pem");
  auto first = SelfSignedCertificate::Ensure({}, cert, key);
  ASSERT_TRUE(first);
  EXPECT_TRUE(*first);
  auto before = ReadCertificate(cert);
  auto second = SelfSignedCertificate::Ensure({}, cert, key);
  ASSERT_TRUE(second);
  EXPECT_FALSE(*second);
  EXPECT_EQ(X509_cmp(before.get(), ReadCertificate(cert).get()), 0);
}

TEST(SelfSignedCertificate, UnwritableDirectoryGivesAnErrorNamingThePath) {
  auto result = SelfSignedCertificate::Generate({}, "/nonexistent/dir/c.pem", "/nonexistent/dir/k.pem");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("/nonexistent/dir/k.pem"), std::string::npos);
}

TEST(TlsContextFactory, MismatchedKeyIsRefusedWithBothFileNames) {
  TempDir dir;
  ASSERT_TRUE(SelfSignedCertificate::Generate({}, dir.File("a.crt"), dir.File("a.key")));
  ASSERT_TRUE(SelfSignedCertificate::Generate({}, dir.File("b.crt"), dir.File("b.key")));
  auto context = TlsContextFactory::MakeServer({dir.File("a.crt"), dir.File("b.key"), "", false});
  ASSERT_FALSE(context);
  EXPECT_NE(context.error().message.find(dir.File("b.key")), std::string::npos) << context.error().message;
}

TEST(TlsContextFactory, ServerWithoutCertificateIsRefused) {
  EXPECT_FALSE(TlsContextFactory::MakeServer({}));
  EXPECT_TRUE(TlsContextFactory::MakeClient({}));
}

}  // namespace
}  // namespace softmcu::sip
