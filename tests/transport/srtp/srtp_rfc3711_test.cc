// Ties SrtpSession to RFC 3711 Appendix B in two links, because libsrtp2 does not expose
// the keystream or the session keys it derives:
//   1. the reference implementation (reference_srtp.h, OpenSSL) reproduces B.2's AES-CM
//      keystream and B.3's derived keys digit for digit;
//   2. SrtpSession keyed with B.3's master key and salt produces byte-identical SRTP and
//      SRTCP to the reference across a sequence-number rollover (ROC 0 → 1), and accepts
//      the reference's packets.
// AEAD_AES_128_GCM gets link 2 against the reference's RFC 7714 construction.

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "tests/transport/srtp/reference_srtp.h"
#include "tests/transport/srtp/srtp_test_packets.h"
#include "transport/srtp/srtp_session.h"

namespace softmcu {
namespace {

using testing::Bytes;
using testing::FromHex;
using testing::TestBuffer;

// RFC 3711 Appendix B.3.
const Bytes kB3MasterKey = FromHex("E1F97A0D3E018BE0D64FA32C06DE4139");
const Bytes kB3MasterSalt = FromHex("0EC675AD498AFEEBB6960B3AABE6");

Bytes Concat(const Bytes& a, const Bytes& b) {
  Bytes out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

Bytes Slice(const Bytes& b, size_t from, size_t n) {
  return Bytes(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(from + n));
}

std::unique_ptr<SrtpSession> MakeSession(SrtpSession::Direction direction, CryptoSuite suite,
                                         const Bytes& key_and_salt) {
  auto session = SrtpSession::Create(direction, suite, key_and_salt);
  EXPECT_TRUE(session.has_value()) << (session ? "" : session.error().message);
  return session ? std::move(*session) : nullptr;
}

TEST(ReferenceSrtp, ReproducesRfc3711B2AesCmKeystream) {
  // B.2: session key, salt F0F1...FCFD (shown already shifted), SSRC 0, ROC 0, SEQ 0.
  const Bytes session_key = FromHex("2B7E151628AED2A6ABF7158809CF4F3C");
  const Bytes session_salt = FromHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  uint8_t iv[16];
  testing::AesCmIv(session_salt, /*ssrc=*/0, /*index=*/0, iv);
  EXPECT_EQ(Bytes(iv, iv + 16), FromHex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"));

  // "Keystream segment length: 1044512 octets (65282 AES blocks)".
  Bytes keystream = testing::AesCmKeystream(session_key, iv, 1044512);
  EXPECT_EQ(Slice(keystream, 0, 48), FromHex("E03EAD0935C95E80E166B16DD92B4EB4"     // counter ...0000
                                             "D23513162B02D0F72A43A2FE4A5F97AB"     // counter ...0001
                                             "41E95B3BB0A2E8DD477901E4FCA894C0"));  // counter ...0002
  EXPECT_EQ(Slice(keystream, keystream.size() - 48, 48),
            FromHex("EC8CDF7398607CB0F2D21675EA9EA1E4"     // counter ...FEFF
                    "362B7C3C6773516318A077D7FC5073AE"     // counter ...FF00
                    "6A2CC3787889374FBEB4C81B17BA6C44"));  // counter ...FF01
}

TEST(ReferenceSrtp, ReproducesRfc3711B3DerivedKeys) {
  EXPECT_EQ(testing::DeriveSessionKey(kB3MasterKey, kB3MasterSalt, 0x00, 16),
            FromHex("C61E7A93744F39EE10734AFE3FF7A087"));  // cipher key
  EXPECT_EQ(testing::DeriveSessionKey(kB3MasterKey, kB3MasterSalt, 0x02, 14),
            FromHex("30CBBC08863D8C85D49DB34A9AE1"));  // cipher salt
  // B.3 shows 94 octets of auth key; HMAC-SHA1 uses the first 20.
  EXPECT_EQ(testing::DeriveSessionKey(kB3MasterKey, kB3MasterSalt, 0x01, 94),
            FromHex("CEBE321F6FF7716B6FD4AB49AF256A15"
                    "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                    "E049646C43D9327AD175578EF7227098"
                    "6371C10C9A369AC2F94A8C5FBCDDDC25"
                    "6D6E919A48B610EF17C2041E47403576"
                    "6B68642C59BBFC2F34DB60DBDFB2"));
}

// Sequence numbers across a rollover, with the ROC the sender must use for each.
struct SeqRoc {
  uint16_t seq;
  uint32_t roc;
};
constexpr SeqRoc kRolloverSequence[] = {{65530, 0}, {65531, 0}, {65534, 0}, {65535, 0},
                                        {0, 1},     {1, 1},     {2, 1},     {100, 1}};

// A packet shape per step: plain, with CSRCs, with a header extension, empty and odd sizes.
Bytes RolloverPacket(size_t step, uint16_t seq) {
  constexpr uint32_t kSsrc = 0xdecafbad;
  switch (step % 4) {
    case 0:
      return testing::MakeRtp(kSsrc, seq, 160);
    case 1:
      return testing::MakeRtp(kSsrc, seq, 1200, /*csrcs=*/2);
    case 2:
      return testing::MakeRtp(kSsrc, seq, 37, /*csrcs=*/0, /*extension=*/true);
    default:
      return testing::MakeRtp(kSsrc, seq, step == 3 ? 0 : 1);
  }
}

class Rfc3711AesCmTest : public ::testing::TestWithParam<CryptoSuite> {};

TEST_P(Rfc3711AesCmTest, ProtectRtpMatchesReferenceAcrossRollover) {
  const CryptoSuite suite = GetParam();
  const Bytes master = Concat(kB3MasterKey, kB3MasterSalt);
  const auto keys = testing::DeriveSessionKeys(kB3MasterKey, kB3MasterSalt, testing::RefKeySet::kSrtp);
  auto sender = MakeSession(SrtpSession::Direction::kOutbound, suite, master);
  auto receiver = MakeSession(SrtpSession::Direction::kInbound, suite, master);
  ASSERT_TRUE(sender && receiver);

  for (size_t step = 0; step < std::size(kRolloverSequence); ++step) {
    const auto [seq, roc] = kRolloverSequence[step];
    SCOPED_TRACE(::testing::Message() << "seq " << seq << " roc " << roc);
    const Bytes plain = RolloverPacket(step, seq);
    const Bytes expected = testing::RefProtectRtpAesCm(keys, plain, roc, RtpAuthTagSize(suite));

    TestBuffer buffer(plain);
    ASSERT_EQ(sender->ProtectRtp(buffer.span(), &buffer.len), SrtpStatus::kOk);
    EXPECT_EQ(buffer.bytes(), expected);

    TestBuffer incoming(expected);
    ASSERT_EQ(receiver->UnprotectRtp(incoming.span(), &incoming.len), SrtpStatus::kOk);
    EXPECT_EQ(incoming.bytes(), plain);
  }
}

TEST_P(Rfc3711AesCmTest, ProtectRtcpMatchesReference) {
  const CryptoSuite suite = GetParam();
  const Bytes master = Concat(kB3MasterKey, kB3MasterSalt);
  const auto keys = testing::DeriveSessionKeys(kB3MasterKey, kB3MasterSalt, testing::RefKeySet::kSrtcp);
  auto sender = MakeSession(SrtpSession::Direction::kOutbound, suite, master);
  auto receiver = MakeSession(SrtpSession::Direction::kInbound, suite, master);
  ASSERT_TRUE(sender && receiver);

  // SRTCP indices count from 1 for each SSRC (libsrtp2 increments before use; RFC 3711
  // §3.4 only requires a fresh index per packet, which this pins).
  for (uint32_t index = 1; index <= 5; ++index) {
    const Bytes plain = testing::MakeRtcpSr(0xdecafbad, index);
    const Bytes expected = testing::RefProtectRtcpAesCm(keys, plain, index, RtcpAuthTagSize(suite));

    TestBuffer buffer(plain);
    ASSERT_EQ(sender->ProtectRtcp(buffer.span(), &buffer.len), SrtpStatus::kOk);
    EXPECT_EQ(buffer.bytes(), expected) << "SRTCP index " << index;

    TestBuffer incoming(expected);
    ASSERT_EQ(receiver->UnprotectRtcp(incoming.span(), &incoming.len), SrtpStatus::kOk);
    EXPECT_EQ(incoming.bytes(), plain);
  }
}

INSTANTIATE_TEST_SUITE_P(AesCmSuites, Rfc3711AesCmTest,
                         ::testing::Values(CryptoSuite::kAesCm128HmacSha1_80,
                                           CryptoSuite::kAesCm128HmacSha1_32),
                         [](const auto& info) { return std::string(ToString(info.param)); });

TEST(Rfc7714Gcm, ProtectRtpMatchesReferenceAcrossRollover) {
  // B.3's master key with the first 12 bytes of its salt (GCM's salt is 96 bits).
  const Bytes salt = Slice(kB3MasterSalt, 0, 12);
  const Bytes master = Concat(kB3MasterKey, salt);
  const auto keys = testing::DeriveSessionKeys(kB3MasterKey, salt, testing::RefKeySet::kSrtp);
  auto sender = MakeSession(SrtpSession::Direction::kOutbound, CryptoSuite::kAeadAes128Gcm, master);
  auto receiver = MakeSession(SrtpSession::Direction::kInbound, CryptoSuite::kAeadAes128Gcm, master);
  ASSERT_TRUE(sender && receiver);

  for (size_t step = 0; step < std::size(kRolloverSequence); ++step) {
    const auto [seq, roc] = kRolloverSequence[step];
    SCOPED_TRACE(::testing::Message() << "seq " << seq << " roc " << roc);
    const Bytes plain = RolloverPacket(step, seq);
    const Bytes expected = testing::RefProtectRtpGcm(keys, plain, roc);

    TestBuffer buffer(plain);
    ASSERT_EQ(sender->ProtectRtp(buffer.span(), &buffer.len), SrtpStatus::kOk);
    EXPECT_EQ(buffer.bytes(), expected);

    TestBuffer incoming(expected);
    ASSERT_EQ(receiver->UnprotectRtp(incoming.span(), &incoming.len), SrtpStatus::kOk);
    EXPECT_EQ(incoming.bytes(), plain);
  }
}

TEST(Rfc7714Gcm, ProtectRtcpMatchesReference) {
  const Bytes salt = Slice(kB3MasterSalt, 0, 12);
  const Bytes master = Concat(kB3MasterKey, salt);
  const auto keys = testing::DeriveSessionKeys(kB3MasterKey, salt, testing::RefKeySet::kSrtcp);
  auto sender = MakeSession(SrtpSession::Direction::kOutbound, CryptoSuite::kAeadAes128Gcm, master);
  auto receiver = MakeSession(SrtpSession::Direction::kInbound, CryptoSuite::kAeadAes128Gcm, master);
  ASSERT_TRUE(sender && receiver);

  for (uint32_t index = 1; index <= 3; ++index) {
    const Bytes plain = testing::MakeRtcpSr(0xdecafbad, index);
    const Bytes expected = testing::RefProtectRtcpGcm(keys, plain, index);

    TestBuffer buffer(plain);
    ASSERT_EQ(sender->ProtectRtcp(buffer.span(), &buffer.len), SrtpStatus::kOk);
    EXPECT_EQ(buffer.bytes(), expected) << "SRTCP index " << index;

    TestBuffer incoming(expected);
    ASSERT_EQ(receiver->UnprotectRtcp(incoming.span(), &incoming.len), SrtpStatus::kOk);
    EXPECT_EQ(incoming.bytes(), plain);
  }
}

}  // namespace
}  // namespace softmcu
