#pragma once
// a=crypto (RFC 4568 §9.1), SDES keying for SRTP:
//
//   a=crypto:<tag> <crypto-suite> <key-params> *(";" <key-params>) [<session-params>]
//
// e.g. "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20".
// Key-params of a suite softmcu knows are checked by SdesKey::Parse: a malformed key is an
// error (the whole SDP is refused, naming the line). Lines that are well formed but that
// softmcu cannot use are kept with `unusable_reason` set and skipped by the negotiator:
// an unknown suite (AES_256_CM_HMAC_SHA1_80, ...), several key-params or an MKI (SdesKey
// keys a direction with exactly one master key), or a session parameter that weakens or
// changes SRTP (UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP, UNAUTHENTICATED_SRTP, KDR, FEC_KEY;
// RFC 4568 §6.3). WSH and FEC_ORDER are harmless and ignored.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "transport/srtp/crypto_suite.h"
#include "transport/srtp/sdes_key.h"

namespace softmcu::sdp {

struct CryptoAttribute {
  uint32_t tag = 0;        // 1*9DIGIT (RFC 4568 §9.1)
  std::string suite_name;  // as written
  std::optional<CryptoSuite> suite;
  std::string key_params;  // all key-params, verbatim
  std::vector<std::string> session_params;
  std::optional<SdesKey> key;  // set when the line is usable
  std::optional<std::string> unusable_reason;

  static Result<CryptoAttribute> Parse(std::string_view value);
  static CryptoAttribute Make(uint32_t tag, const SdesKey& key);
  std::string Format() const;  // the attribute value
};

}  // namespace softmcu::sdp
