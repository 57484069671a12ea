#include "signaling/tls/self_signed_certificate.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace softmcu::sip {
namespace {

struct Deleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(FILE* p) const { std::fclose(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Deleter>;

tl::unexpected<Error> Failure(std::string what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  char text[256] = "unknown error";
  if (code != 0) ERR_error_string_n(code, text, sizeof text);
  return MakeError(ErrorCode::kInternal, what + ": " + text);
}

bool AddExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::string SubjectAltNames(const SelfSignedOptions& options) {
  std::string out;
  for (const auto& name : options.dns_names) out += (out.empty() ? "" : ",") + ("DNS:" + name);
  for (const auto& ip : options.ip_addresses) out += (out.empty() ? "" : ",") + ("IP:" + ip);
  return out;
}

Result<Owned<X509>> MakeCertificate(const SelfSignedOptions& options, EVP_PKEY* key) {
  Owned<X509> cert(X509_new());
  if (!cert) return Failure("X509_new");
  X509_set_version(cert.get(), 2);  // v3, for the extensions
  // A random 127-bit serial, as CAs use (RFC 5280 §4.1.2.2: positive, at most 20 octets).
  Owned<BIGNUM> serial(BN_new());
  if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
    return Failure("certificate serial");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);  // tolerate clocks an hour behind
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(options.valid_days) * 86400);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("softmcu"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(options.common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (X509_set_pubkey(cert.get(), key) != 1) return Failure("X509_set_pubkey");
  const std::string san = SubjectAltNames(options);
  if (!AddExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !AddExtension(cert.get(), NID_key_usage, "critical,digitalSignature,keyAgreement") ||
      !AddExtension(cert.get(), NID_ext_key_usage, "serverAuth,clientAuth") ||
      !AddExtension(cert.get(), NID_subject_key_identifier, "hash") ||
      (!san.empty() && !AddExtension(cert.get(), NID_subject_alt_name, san)))
    return Failure("certificate extensions");
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) return Failure("X509_sign");
  return cert;
}

// Opens `path` for writing with `mode` applied even when the file existed before.
Result<Owned<FILE>> OpenForWriting(const std::string& path, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0 || ::fchmod(fd, mode) != 0) {
    if (fd >= 0) ::close(fd);
    return MakeError(ErrorCode::kUnavailable,
                     fmt::format("cannot write {}: check that its directory exists and is writable", path));
  }
  FILE* file = ::fdopen(fd, "w");
  if (!file) {
    ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "cannot write " + path);
  }
  return Owned<FILE>(file);
}

bool Exists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

Result<void> SelfSignedCertificate::Generate(const SelfSignedOptions& options, const std::string& certificate_path,
                                             const std::string& private_key_path) {
  ERR_clear_error();
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  if (!key) return Failure("cannot generate an EC P-256 key");
  auto cert = MakeCertificate(options, key.get());
  if (!cert) return tl::unexpected(cert.error());

  auto key_file = OpenForWriting(private_key_path, 0600);
  if (!key_file) return tl::unexpected(key_file.error());
  if (PEM_write_PrivateKey(key_file->get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return Failure("cannot write " + private_key_path);
  key_file->reset();

  auto cert_file = OpenForWriting(certificate_path, 0644);
  if (!cert_file) return tl::unexpected(cert_file.error());
  if (PEM_write_X509(cert_file->get(), cert->get()) != 1) return Failure("cannot write " + certificate_path);
  return {};
}

Result<bool> SelfSignedCertificate::Ensure(const SelfSignedOptions& options, const std::string& certificate_path,
                                           const std::string& private_key_path) {
  if (Exists(certificate_path) && Exists(private_key_path)) return false;
  auto generated = Generate(options, certificate_path, private_key_path);
  if (!generated) return tl::unexpected(generated.error());
  return true;
}

}  // namespace softmcu::sip
