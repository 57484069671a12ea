#include "transport/srtp/sdes_key.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace softmcu {
namespace {

constexpr auto k80 = CryptoSuite::kAesCm128HmacSha1_80;
constexpr auto kGcm = CryptoSuite::kAeadAes128Gcm;

// RFC 4568 §5.1's example key, without its MKI.
constexpr const char* kRfcKey = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
const std::vector<uint8_t> kRfcKeyBytes = {0x3d, 0x2d, 0x6e, 0x40, 0x25, 0x5e, 0x78, 0x21, 0x42, 0x6a,
                                           0x75, 0x66, 0x72, 0x39, 0x29, 0x3f, 0x2c, 0x23, 0x35, 0x68,
                                           0x5c, 0x60, 0x3d, 0x26, 0x5d, 0x7b, 0x71, 0x69, 0x50, 0x51};

std::vector<uint8_t> ToVector(std::span<const uint8_t> s) {
  return {s.begin(), s.end()};
}

TEST(SdesKey, ParsesInlineKeyAndSalt) {
  auto key = SdesKey::Parse(k80, std::string("inline:") + kRfcKey);
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_EQ(ToVector(key->key_and_salt()), kRfcKeyBytes);
  EXPECT_EQ(ToVector(key->master_key()),
            std::vector<uint8_t>(kRfcKeyBytes.begin(), kRfcKeyBytes.begin() + 16));
  EXPECT_EQ(ToVector(key->master_salt()),
            std::vector<uint8_t>(kRfcKeyBytes.begin() + 16, kRfcKeyBytes.end()));
  EXPECT_FALSE(key->lifetime_text().has_value());
}

TEST(SdesKey, KeepsPowerOfTwoLifetime) {
  const std::string text = std::string("inline:") + kRfcKey + "|2^20";
  auto key = SdesKey::Parse(k80, text);
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_EQ(key->lifetime_text(), "2^20");
  EXPECT_EQ(key->lifetime_packets(), uint64_t{1} << 20);
  EXPECT_EQ(key->Format(), text);
}

TEST(SdesKey, KeepsDecimalLifetime) {
  const std::string text = std::string("inline:") + kRfcKey + "|1048576";
  auto key = SdesKey::Parse(k80, text);
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_EQ(key->lifetime_packets(), 1048576u);
  EXPECT_EQ(key->Format(), text);
}

TEST(SdesKey, KeyMethodIsCaseInsensitive) {
  EXPECT_TRUE(SdesKey::Parse(k80, std::string("INLINE:") + kRfcKey).has_value());
}

TEST(SdesKey, GcmKeyParsesWithOrWithoutPadding) {
  // bytes 00..1b, 28 bytes: base64 needs two '=' of padding.
  auto padded = SdesKey::Parse(kGcm, "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==");
  auto bare = SdesKey::Parse(kGcm, "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw");
  ASSERT_TRUE(padded.has_value()) << padded.error().message;
  ASSERT_TRUE(bare.has_value()) << bare.error().message;
  std::vector<uint8_t> expected(28);
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(ToVector(padded->key_and_salt()), expected);
  EXPECT_EQ(ToVector(bare->key_and_salt()), expected);
  EXPECT_EQ(ToVector(padded->master_salt()).size(), 12u);
  EXPECT_EQ(bare->Format(), "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==");  // canonical form
}

TEST(SdesKey, GeneratedKeysAreFreshAndRoundTrip) {
  for (auto suite : {k80, CryptoSuite::kAesCm128HmacSha1_32, kGcm}) {
    auto a = SdesKey::Generate(suite);
    auto b = SdesKey::Generate(suite);
    ASSERT_TRUE(a.has_value() && b.has_value());
    EXPECT_EQ(a->key_and_salt().size(), MasterKeyAndSaltSize(suite));
    EXPECT_NE(ToVector(a->key_and_salt()), ToVector(b->key_and_salt()));
    auto parsed = SdesKey::Parse(suite, a->Format());
    ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
    EXPECT_EQ(ToVector(parsed->key_and_salt()), ToVector(a->key_and_salt()));
  }
}

TEST(SdesKey, FromKeyAndSaltChecksSize) {
  std::vector<uint8_t> bytes(30, 7);
  EXPECT_TRUE(SdesKey::FromKeyAndSalt(k80, bytes).has_value());
  auto wrong = SdesKey::FromKeyAndSalt(kGcm, bytes);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().message, "crypto key is 30 bytes, AEAD_AES_128_GCM needs 28");
}

TEST(SdesKey, WrongLengthNamesBothSizes) {
  // A GCM-sized key offered for an AES-CM suite.
  auto key = SdesKey::Parse(k80, "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGw==");
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(key.error().message, "crypto key is 28 bytes, AES_CM_128_HMAC_SHA1_80 needs 30");
}

TEST(SdesKey, MkiIsRefusedAsUnsupported) {
  for (const std::string suffix : {"|2^20|1:32", "|1:4"}) {
    auto key = SdesKey::Parse(k80, std::string("inline:") + kRfcKey + suffix);
    ASSERT_FALSE(key.has_value()) << suffix;
    EXPECT_NE(key.error().message.find("MKI"), std::string::npos) << key.error().message;
  }
}

struct Malformed {
  const char* name;
  std::string text;
};

class SdesKeyMalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(SdesKeyMalformedTest, IsRejectedWithoutEchoingTheKey) {
  auto key = SdesKey::Parse(k80, GetParam().text);
  ASSERT_FALSE(key.has_value());
  EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(key.error().message.empty());
  EXPECT_EQ(key.error().message.find("PS1uQCVe"), std::string::npos) << key.error().message;
}

const std::string kInline = std::string("inline:") + kRfcKey;

INSTANTIATE_TEST_SUITE_P(
    Inputs, SdesKeyMalformedTest,
    ::testing::Values(Malformed{"Empty", ""}, Malformed{"MissingInline", kRfcKey},
                      Malformed{"OtherKeyMethod", std::string("uri:") + kRfcKey},
                      Malformed{"EmptyKey", "inline:"}, Malformed{"EmptyKeyWithLifetime", "inline:|2^20"},
                      Malformed{"BadBase64Character", "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVB!"},
                      Malformed{"SpaceInKey", "inline:PS1uQCVeeCFCanVmcjkpPywj NWhcYD0mXXtxaVB"},
                      Malformed{"PaddingInTheMiddle", "inline:PS1uQCVeeCFCanVm=jkpPywjNWhcYD0mXXtxaVBR"},
                      Malformed{"TooShort", "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtx"},
                      Malformed{"TooLong", std::string("inline:") + kRfcKey + "AAAA"},
                      Malformed{"ImpossibleLength", "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBRA"},
                      // 28 bytes + non-zero unused bits: a second spelling of a key.
                      Malformed{"NonCanonicalTrailingBits",
                                "inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGx=="},
                      Malformed{"LifetimeNotNumber", kInline + "|forever"},
                      Malformed{"LifetimeExponentMissing", kInline + "|2^"},
                      Malformed{"LifetimeExponentTooBig", kInline + "|2^49"},
                      Malformed{"LifetimeDecimalTooBig", kInline + "|281474976710657"},
                      Malformed{"LifetimeHugeDigits", kInline + "|99999999999999999999999"},
                      Malformed{"LifetimeZero", kInline + "|0"}, Malformed{"LifetimeEmpty", kInline + "|"},
                      Malformed{"LifetimeNegative", kInline + "|-5"},
                      Malformed{"TwoLifetimes", kInline + "|2^20|2^20"},
                      Malformed{"LifetimeAfterMki", kInline + "|1:4|2^20"},
                      Malformed{"TwoKeyParams", kInline + ";" + kInline}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace softmcu

namespace softmcu {
namespace {

// docs/security.md "No keys in logs": whatever logs or echoes SDP text redacts it first.
TEST(SdesKeyRedact, ReplacesEveryInlineKeyAndKeepsTheRest) {
  const std::string sdp =
      "m=audio 4000 RTP/SAVP 111\r\n"
      "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20\r\n"
      "a=crypto:2 AES_CM_128_HMAC_SHA1_32 INLINE:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj;inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIz\r\n";
  const std::string redacted = SdesKey::Redact(sdp);
  EXPECT_EQ(redacted,
            "m=audio 4000 RTP/SAVP 111\r\n"
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:<redacted>|2^20\r\n"
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 INLINE:<redacted>;inline:<redacted>\r\n");
  EXPECT_EQ(redacted.find("WVNf"), std::string::npos);
}

TEST(SdesKeyRedact, LeavesTextWithoutKeysAlone) {
  EXPECT_EQ(SdesKey::Redact("a=rtpmap:96 H264/90000"), "a=rtpmap:96 H264/90000");
  EXPECT_EQ(SdesKey::Redact("inline:"), "inline:");
  EXPECT_EQ(SdesKey::Redact("inlin"), "inlin");
  EXPECT_EQ(SdesKey::Redact(""), "");
}

TEST(SdesKeyRedact, ParseErrorsNeverCarryTheKey) {
  const std::string key = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
  for (const std::string& params : {"inline:" + key + "|2^20|1:4", "inline:" + key + "|junk|more",
                                   "inline:" + key + "x", "inlin:" + key}) {
    auto parsed = SdesKey::Parse(CryptoSuite::kAesCm128HmacSha1_80, params);
    ASSERT_FALSE(parsed) << params;
    EXPECT_EQ(parsed.error().message.find("WVNfX19z"), std::string::npos) << parsed.error().message;
  }
}

}  // namespace
}  // namespace softmcu
