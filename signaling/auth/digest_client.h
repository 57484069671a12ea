#pragma once
// Client side of digest authentication: when a bridge point we dial answers 401 or 407
// (RFC 3261 §22.2, §22.3), answer its strongest challenge we support (SHA-512-256 >
// SHA-256 > MD5, RFC 8760 §2.4) with the configured credentials, qop=auth if offered.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

struct DigestCredentials {
  std::string username;
  std::string password;
};

struct DigestAnswer {
  std::string header;  // "Authorization" (401) or "Proxy-Authorization" (407)
  std::string value;
  std::string nonce;  // to notice a challenge that repeats the nonce we already answered
};

class DigestClient {
 public:
  // nullopt when `response` carries no Digest challenge we can answer.
  static std::optional<DigestAnswer> Answer(const SipMessage& response, std::string_view method,
                                            std::string_view request_uri, const DigestCredentials& credentials,
                                            uint32_t nonce_count = 1);
};

}  // namespace softmcu::sip
