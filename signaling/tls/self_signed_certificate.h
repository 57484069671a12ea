#pragma once
// A self-signed certificate for the daemon's embedded default, used by SIP over TLS and by
// the HTTPS console alike: an ECDSA P-256 key, a SHA-256 signature, subjectAltName entries
// for the names and addresses terminals and browsers will connect to, serverAuth and
// clientAuth usage. Generated once at first start with OpenSSL's EVP API; the key file is
// created with mode 0600 (the directory should be the daemon's own).
//
// It encrypts; it does not prove identity (nobody trusts it until an operator pins or
// replaces it). docs/operations.md says how to install a real certificate instead.

#include <string>
#include <vector>

#include "core/result.h"

namespace softmcu::sip {

struct SelfSignedOptions {
  std::string common_name = "softmcu";
  std::vector<std::string> dns_names{"localhost"};
  std::vector<std::string> ip_addresses{"127.0.0.1", "::1"};
  int valid_days = 825;  // the longest validity browsers still accept
};

class SelfSignedCertificate {
 public:
  // Writes a new key and certificate, replacing the files if they exist.
  static Result<void> Generate(const SelfSignedOptions& options, const std::string& certificate_path,
                               const std::string& private_key_path);
  // Generates only when either file is missing; true if it did.
  static Result<bool> Ensure(const SelfSignedOptions& options, const std::string& certificate_path,
                             const std::string& private_key_path);
};

}  // namespace softmcu::sip
