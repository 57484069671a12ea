#pragma once
// Where SIP over TLS (and the HTTPS console) find their certificate and key, and how they
// treat the peer's certificate. Plain configuration values.

#include <string>

namespace softmcu::sip {

struct TlsSettings {
  std::string certificate_file;  // PEM, the leaf first, then any chain
  std::string private_key_file;  // PEM, mode 0600
  // Peers' certificates are checked against this PEM bundle when verify_peer is set.
  // Bridge-point terminals mostly carry self-signed certificates, so the default is to
  // encrypt without verifying (protects SDES keys from passive listeners only).
  std::string ca_file;
  bool verify_peer = false;
};

}  // namespace softmcu::sip
