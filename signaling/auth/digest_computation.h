#pragma once
// The digest computation of RFC 7616 §3.4.1 (HTTP, reused by SIP per RFC 8760 §2), shared
// by the server that checks credentials and the client that answers a challenge:
//
//   A1       = username ":" realm ":" password
//   A1-sess  = H(username ":" realm ":" password) ":" nonce ":" cnonce
//   A2       = method ":" digest-uri                       (qop=auth or no qop)
//   response = H(H(A1) ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2))   with qop
//   response = H(H(A1) ":" nonce ":" H(A2))                            without (RFC 2069)
//
// H is MD5, SHA-256 or SHA-512/256 (OpenSSL EVP), written as lower-case hex.

#include <optional>
#include <string>
#include <string_view>

#include "signaling/sip/digest_params.h"

namespace softmcu::sip {

struct DigestInput {
  DigestAlgorithm algorithm = DigestAlgorithm::kMd5;
  std::string_view username;
  std::string_view realm;
  std::string_view password;
  std::string_view method;
  std::string_view uri;
  std::string_view nonce;
  std::string_view cnonce;  // with qop, or -sess
  std::string_view nc;      // with qop: 8 hex digits
  std::string_view qop;     // "auth" or empty
};

// Lower-case hex digest of `data`; nullopt for kOther.
std::optional<std::string> DigestHash(DigestAlgorithm algorithm, std::string_view data);
// The response value; nullopt for an algorithm we do not support (kOther).
std::optional<std::string> ComputeDigestResponse(const DigestInput& input);
// The algorithm's name as written in challenges ("MD5", "SHA-256", "SHA-512-256", "-sess").
std::string_view DigestAlgorithmName(DigestAlgorithm algorithm);
// Lower-case hex of `bytes` (digests, nonces).
std::string HexEncode(const unsigned char* bytes, size_t size);
// Constant-time comparison of two hex strings.
bool DigestEquals(std::string_view a, std::string_view b);

}  // namespace softmcu::sip
