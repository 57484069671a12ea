#pragma once
// The SRTP crypto suites softmcu negotiates, by their SDP names (RFC 4568 §6.2 for SDES,
// RFC 7714 §14.2 for AES-GCM) and DTLS-SRTP profile ids (RFC 5764 §4.1.2, RFC 7714 §14.2),
// with the sizes the rest of the transport needs: master key and salt lengths for keying,
// tag lengths for tail room and minimum packet sizes.
//
// Deliberately absent: AES-256 and F8 suites (no peer of ours offers them), the NULL
// suites (no encryption is never acceptable), AEAD_AES_256_GCM (can be added to the table).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"

namespace softmcu {

enum class CryptoSuite {
  kAesCm128HmacSha1_80,  // RFC 4568 §6.2.1; the WebRTC/SIP default
  kAesCm128HmacSha1_32,  // RFC 4568 §6.2.2; 32-bit SRTP tag, SRTCP keeps 80 bits
  kAeadAes128Gcm,        // RFC 7714; 16-byte tag, 12-byte salt
};

// "AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM".
std::string_view ToString(CryptoSuite suite);

// Parses an SDP crypto-suite name. ABNF string literals are case-insensitive (RFC 5234
// §2.3), so "aes_cm_128_hmac_sha1_80" is accepted too.
Result<CryptoSuite> ParseCryptoSuite(std::string_view name);

size_t MasterKeySize(CryptoSuite suite);   // 16 for every suite here
size_t MasterSaltSize(CryptoSuite suite);  // 14 for AES-CM (RFC 3711), 12 for GCM (RFC 7714 §12)
inline size_t MasterKeyAndSaltSize(CryptoSuite suite) {
  return MasterKeySize(suite) + MasterSaltSize(suite);
}

// Bytes SRTP appends to an RTP packet: the authentication tag (no MKI is ever used).
size_t RtpAuthTagSize(CryptoSuite suite);
// Bytes of SRTCP's authentication tag. AES_CM_128_HMAC_SHA1_32 keeps an 80-bit tag on
// SRTCP (RFC 4568 §6.2.2, RFC 5764 §4.1.2).
size_t RtcpAuthTagSize(CryptoSuite suite);

// DTLS-SRTP protection profile id carried in the use_srtp extension.
uint16_t DtlsSrtpProfileId(CryptoSuite suite);
std::optional<CryptoSuite> CryptoSuiteFromDtlsSrtpProfileId(uint16_t id);

}  // namespace softmcu
