#include "transport/srtp/crypto_suite.h"

#include <array>
#include <string>

namespace softmcu {
namespace {

struct SuiteInfo {
  CryptoSuite suite;
  std::string_view name;
  size_t key_size;
  size_t salt_size;
  size_t rtp_tag_size;
  size_t rtcp_tag_size;
  uint16_t dtls_profile_id;
};

// One row per suite; every accessor below reads this table.
constexpr std::array<SuiteInfo, 3> kSuites = {{
    {CryptoSuite::kAesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 10, 0x0001},
    {CryptoSuite::kAesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 10, 0x0002},
    {CryptoSuite::kAeadAes128Gcm, "AEAD_AES_128_GCM", 16, 12, 16, 16, 0x0007},
}};

const SuiteInfo& Info(CryptoSuite suite) {
  for (const auto& info : kSuites) {
    if (info.suite == suite) return info;
  }
  return kSuites[0];  // unreachable: every enumerator has a row
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'a' && a[i] <= 'z' ? static_cast<char>(a[i] - 'a' + 'A') : a[i];
    char y = b[i] >= 'a' && b[i] <= 'z' ? static_cast<char>(b[i] - 'a' + 'A') : b[i];
    if (x != y) return false;
  }
  return true;
}

}  // namespace

std::string_view ToString(CryptoSuite suite) {
  return Info(suite).name;
}

Result<CryptoSuite> ParseCryptoSuite(std::string_view name) {
  for (const auto& info : kSuites) {
    if (EqualsIgnoreCase(name, info.name)) return info.suite;
  }
  // Bounded echo: the name comes from a peer's SDP.
  return MakeError(ErrorCode::kInvalidArgument,
                   "unsupported crypto suite '" + std::string(name.substr(0, 64)) + "'");
}

size_t MasterKeySize(CryptoSuite suite) {
  return Info(suite).key_size;
}
size_t MasterSaltSize(CryptoSuite suite) {
  return Info(suite).salt_size;
}
size_t RtpAuthTagSize(CryptoSuite suite) {
  return Info(suite).rtp_tag_size;
}
size_t RtcpAuthTagSize(CryptoSuite suite) {
  return Info(suite).rtcp_tag_size;
}
uint16_t DtlsSrtpProfileId(CryptoSuite suite) {
  return Info(suite).dtls_profile_id;
}

std::optional<CryptoSuite> CryptoSuiteFromDtlsSrtpProfileId(uint16_t id) {
  for (const auto& info : kSuites) {
    if (info.dtls_profile_id == id) return info.suite;
  }
  return std::nullopt;
}

}  // namespace softmcu
