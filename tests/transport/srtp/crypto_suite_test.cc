#include "transport/srtp/crypto_suite.h"

#include <gtest/gtest.h>

namespace softmcu {
namespace {

struct SuiteRow {
  CryptoSuite suite;
  const char* name;
  size_t key_and_salt;
  size_t rtp_tag;
  size_t rtcp_tag;
  uint16_t dtls_profile;
};

// RFC 4568 §6.2, RFC 7714 §12 and §14.2, RFC 5764 §4.1.2.
constexpr SuiteRow kRows[] = {
    {CryptoSuite::kAesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", 30, 10, 10, 0x0001},
    {CryptoSuite::kAesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", 30, 4, 10, 0x0002},
    {CryptoSuite::kAeadAes128Gcm, "AEAD_AES_128_GCM", 28, 16, 16, 0x0007},
};

TEST(CryptoSuite, TableMatchesTheRfcs) {
  for (const auto& row : kRows) {
    SCOPED_TRACE(row.name);
    EXPECT_EQ(ToString(row.suite), row.name);
    EXPECT_EQ(ParseCryptoSuite(row.name), row.suite);
    EXPECT_EQ(MasterKeySize(row.suite), 16u);
    EXPECT_EQ(MasterKeyAndSaltSize(row.suite), row.key_and_salt);
    EXPECT_EQ(RtpAuthTagSize(row.suite), row.rtp_tag);
    EXPECT_EQ(RtcpAuthTagSize(row.suite), row.rtcp_tag);
    EXPECT_EQ(DtlsSrtpProfileId(row.suite), row.dtls_profile);
    EXPECT_EQ(CryptoSuiteFromDtlsSrtpProfileId(row.dtls_profile), row.suite);
  }
}

TEST(CryptoSuite, ParseIgnoresCaseLikeAbnfLiterals) {
  EXPECT_EQ(ParseCryptoSuite("aes_cm_128_hmac_sha1_80"), CryptoSuite::kAesCm128HmacSha1_80);
  EXPECT_EQ(ParseCryptoSuite("aead_aes_128_gcm"), CryptoSuite::kAeadAes128Gcm);
}

TEST(CryptoSuite, ParseRejectsUnknownNames) {
  for (const char* name : {"", "AES_CM_128_HMAC_SHA1_81", "AES_256_CM_HMAC_SHA1_80", "AEAD_AES_256_GCM",
                           "AES_CM_128_HMAC_SHA1_80 ", "F8_128_HMAC_SHA1_80"}) {
    auto suite = ParseCryptoSuite(name);
    ASSERT_FALSE(suite.has_value()) << name;
    EXPECT_EQ(suite.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(CryptoSuite, UnknownDtlsProfileHasNoSuite) {
  EXPECT_FALSE(CryptoSuiteFromDtlsSrtpProfileId(0x0005).has_value());  // SRTP_NULL_HMAC_SHA1_80
  EXPECT_FALSE(CryptoSuiteFromDtlsSrtpProfileId(0x0008).has_value());  // AEAD_AES_256_GCM
}

}  // namespace
}  // namespace softmcu
