#pragma once
// An independent SRTP/SRTCP implementation on OpenSSL's EVP, written from the RFCs and
// nothing else, slow and allocation-happy: the yardstick that ties SrtpSession (libsrtp2
// on NSS) to RFC 3711 Appendix B's vectors, which libsrtp2 cannot be checked against
// directly because it never exposes its derived session keys.
//
//   RFC 3711 §4.1.1  AES-CM keystream, IV = k_s·2^16 ⊕ SSRC·2^64 ⊕ i·2^16
//   RFC 3711 §4.3    key derivation, kdr = 0: PRF_n(k_m, (label || 0^48 ⊕ k_s)·2^16)
//   RFC 3711 §4.2    HMAC-SHA1 over packet || ROC (SRTP) or packet || E||index (SRTCP)
//   RFC 7714 §8-§9   AEAD_AES_128_GCM for SRTP and SRTCP
//
// Test-only: aborts on OpenSSL failure (a broken test set-up, not a verdict).

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace softmcu::testing {

using Bytes = std::vector<uint8_t>;

inline Bytes FromHex(std::string_view hex) {
  Bytes out;
  int hi = -1;
  for (char c : hex) {
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (v < 0) continue;  // spaces and line breaks between groups
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<uint8_t>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

inline void RefCheck(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "reference SRTP: OpenSSL failed in %s\n", what);
    std::abort();
  }
}

// AES-128 in counter mode from a 16-byte initial counter, XORed into `data` (which is the
// keystream itself when `data` is zeros).
inline void AesCmXor(const Bytes& key, const uint8_t iv[16], uint8_t* data, size_t n) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  RefCheck(ctx != nullptr, "EVP_CIPHER_CTX_new");
  RefCheck(EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr, key.data(), iv) == 1, "AES-CTR init");
  int out_len = 0;
  if (n > 0) RefCheck(EVP_EncryptUpdate(ctx, data, &out_len, data, static_cast<int>(n)) == 1, "AES-CTR");
  EVP_CIPHER_CTX_free(ctx);
}

inline Bytes AesCmKeystream(const Bytes& key, const uint8_t iv[16], size_t n) {
  Bytes out(n, 0);
  AesCmXor(key, iv, out.data(), n);
  return out;
}

// RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i the 48-bit index.
inline void AesCmIv(const Bytes& session_salt, uint32_t ssrc, uint64_t index, uint8_t iv[16]) {
  for (int b = 0; b < 16; ++b) iv[b] = 0;
  for (size_t b = 0; b < 14 && b < session_salt.size(); ++b) iv[b] = session_salt[b];
  for (int b = 0; b < 4; ++b) iv[4 + b] ^= static_cast<uint8_t>(ssrc >> (24 - 8 * b));
  for (int b = 0; b < 6; ++b) iv[8 + b] ^= static_cast<uint8_t>(index >> (40 - 8 * b));
}

// RFC 3711 §4.3.1-§4.3.3 with key_derivation_rate 0 (so r = 0): x = (label || r) XOR
// master salt, both 112 bits; output = AES-CM keystream of n bytes from IV x * 2^16.
// A 96-bit (GCM) master salt is taken as its 112-bit right-zero-padded form.
inline Bytes DeriveSessionKey(const Bytes& master_key, const Bytes& master_salt, uint8_t label, size_t n) {
  uint8_t iv[16] = {};
  for (size_t b = 0; b < master_salt.size() && b < 14; ++b) iv[b] = master_salt[b];
  iv[7] ^= label;  // the label is the byte just above the 48-bit r
  return AesCmKeystream(master_key, iv, n);
}

inline Bytes HmacSha1(const Bytes& key, const Bytes& message) {
  uint8_t md[20];
  unsigned int md_len = 0;
  RefCheck(HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), message.data(), message.size(), md,
                &md_len) != nullptr,
           "HMAC-SHA1");
  return Bytes(md, md + md_len);
}

// RTP header length incl. CSRCs and extension (RFC 3550 §5.1, §5.3.1); packets are built
// well-formed by the tests.
inline size_t RefRtpHeaderSize(const Bytes& rtp) {
  size_t n = 12 + 4 * size_t{rtp[0] & 0x0fu};
  if (rtp[0] & 0x10u) n += 4 + 4 * ((size_t{rtp[n + 2]} << 8) | rtp[n + 3]);
  return n;
}

inline uint32_t RefSsrc(const Bytes& packet, size_t offset) {
  return uint32_t{packet[offset]} << 24 | uint32_t{packet[offset + 1]} << 16 |
         uint32_t{packet[offset + 2]} << 8 | packet[offset + 3];
}

// The session keys of one SRTP or SRTCP direction.
struct RefSessionKeys {
  Bytes cipher_key;   // 16
  Bytes cipher_salt;  // 14 (AES-CM) or 12 (GCM)
  Bytes auth_key;     // 20 (HMAC-SHA1); unused by GCM
};

// Labels (RFC 3711 §4.3.1): SRTP 0x00 enc, 0x01 auth, 0x02 salt; SRTCP 0x03, 0x04, 0x05.
enum class RefKeySet { kSrtp, kSrtcp };

inline RefSessionKeys DeriveSessionKeys(const Bytes& master_key, const Bytes& master_salt, RefKeySet set) {
  uint8_t base = set == RefKeySet::kSrtp ? 0x00 : 0x03;
  return {DeriveSessionKey(master_key, master_salt, base + 0, 16),
          DeriveSessionKey(master_key, master_salt, base + 2, master_salt.size()),
          DeriveSessionKey(master_key, master_salt, base + 1, 20)};
}

// RFC 3711 §3.1, AES-CM + HMAC-SHA1: encrypt the payload, tag = HMAC(packet || ROC).
inline Bytes RefProtectRtpAesCm(const RefSessionKeys& k, Bytes rtp, uint32_t roc, size_t tag_size) {
  size_t header = RefRtpHeaderSize(rtp);
  uint16_t seq = static_cast<uint16_t>(rtp[2] << 8 | rtp[3]);
  uint64_t index = (uint64_t{roc} << 16) | seq;
  uint8_t iv[16];
  AesCmIv(k.cipher_salt, RefSsrc(rtp, 8), index, iv);
  AesCmXor(k.cipher_key, iv, rtp.data() + header, rtp.size() - header);
  Bytes authenticated = rtp;
  for (int b = 0; b < 4; ++b) authenticated.push_back(static_cast<uint8_t>(roc >> (24 - 8 * b)));
  Bytes tag = HmacSha1(k.auth_key, authenticated);
  rtp.insert(rtp.end(), tag.begin(), tag.begin() + static_cast<long>(tag_size));
  return rtp;
}

// RFC 3711 §3.4, SRTCP: encrypt after the first 8 bytes, append E=1||index, tag over all.
inline Bytes RefProtectRtcpAesCm(const RefSessionKeys& k, Bytes rtcp, uint32_t srtcp_index, size_t tag_size) {
  uint8_t iv[16];
  AesCmIv(k.cipher_salt, RefSsrc(rtcp, 4), srtcp_index, iv);
  AesCmXor(k.cipher_key, iv, rtcp.data() + 8, rtcp.size() - 8);
  uint32_t e_index = 0x80000000u | srtcp_index;
  for (int b = 0; b < 4; ++b) rtcp.push_back(static_cast<uint8_t>(e_index >> (24 - 8 * b)));
  Bytes tag = HmacSha1(k.auth_key, rtcp);
  rtcp.insert(rtcp.end(), tag.begin(), tag.begin() + static_cast<long>(tag_size));
  return rtcp;
}

// AES-128-GCM with a 12-byte IV; returns ciphertext || 16-byte tag.
inline Bytes AesGcmSeal(const Bytes& key, const uint8_t iv[12], const Bytes& aad, const uint8_t* plain,
                        size_t n) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  RefCheck(ctx != nullptr, "EVP_CIPHER_CTX_new");
  RefCheck(EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, key.data(), iv) == 1, "GCM init");
  int len = 0;
  RefCheck(EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1, "GCM aad");
  Bytes out(n + 16);
  if (n > 0) RefCheck(EVP_EncryptUpdate(ctx, out.data(), &len, plain, static_cast<int>(n)) == 1, "GCM");
  RefCheck(EVP_EncryptFinal_ex(ctx, out.data() + n, &len) == 1, "GCM final");
  RefCheck(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out.data() + n) == 1, "GCM tag");
  EVP_CIPHER_CTX_free(ctx);
  return out;
}

// RFC 7714 §8.1: IV = (00 00 || SSRC || ROC || SEQ) XOR salt; AAD = the RTP header.
inline Bytes RefProtectRtpGcm(const RefSessionKeys& k, const Bytes& rtp, uint32_t roc) {
  size_t header = RefRtpHeaderSize(rtp);
  uint8_t iv[12] = {0, 0, rtp[8], rtp[9], rtp[10], rtp[11]};
  for (int b = 0; b < 4; ++b) iv[6 + b] = static_cast<uint8_t>(roc >> (24 - 8 * b));
  iv[10] = rtp[2];
  iv[11] = rtp[3];
  for (int b = 0; b < 12; ++b) iv[b] ^= k.cipher_salt[b];
  Bytes aad(rtp.begin(), rtp.begin() + static_cast<long>(header));
  Bytes sealed = AesGcmSeal(k.cipher_key, iv, aad, rtp.data() + header, rtp.size() - header);
  aad.insert(aad.end(), sealed.begin(), sealed.end());
  return aad;
}

// RFC 7714 §9.1: IV = (00 00 || SSRC || 00 00 || 0 || index) XOR salt; AAD = the first 8
// bytes || E||index; the packet ends with ciphertext || tag || E||index.
inline Bytes RefProtectRtcpGcm(const RefSessionKeys& k, const Bytes& rtcp, uint32_t srtcp_index) {
  uint8_t iv[12] = {0, 0, rtcp[4], rtcp[5], rtcp[6], rtcp[7], 0, 0};
  for (int b = 0; b < 4; ++b) iv[8 + b] = static_cast<uint8_t>(srtcp_index >> (24 - 8 * b));
  for (int b = 0; b < 12; ++b) iv[b] ^= k.cipher_salt[b];
  uint32_t e_index = 0x80000000u | srtcp_index;
  Bytes e_index_bytes;
  for (int b = 0; b < 4; ++b) e_index_bytes.push_back(static_cast<uint8_t>(e_index >> (24 - 8 * b)));
  Bytes aad(rtcp.begin(), rtcp.begin() + 8);
  aad.insert(aad.end(), e_index_bytes.begin(), e_index_bytes.end());
  Bytes sealed = AesGcmSeal(k.cipher_key, iv, aad, rtcp.data() + 8, rtcp.size() - 8);
  Bytes out(rtcp.begin(), rtcp.begin() + 8);
  out.insert(out.end(), sealed.begin(), sealed.end());
  out.insert(out.end(), e_index_bytes.begin(), e_index_bytes.end());
  return out;
}

}  // namespace softmcu::testing
