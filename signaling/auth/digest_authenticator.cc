#include "signaling/auth/digest_authenticator.h"

#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstdio>

#include "signaling/auth/digest_computation.h"
#include "signaling/sip/sip_text.h"

namespace softmcu::sip {
namespace {

constexpr size_t kTimeHex = 16;    // 64-bit microseconds
constexpr size_t kRandomHex = 16;  // 64 random bits
constexpr size_t kMacHex = 32;     // 128 bits of the HMAC
constexpr size_t kNonceHex = kTimeHex + kRandomHex + kMacHex;

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> random(bytes);
  RAND_bytes(random.data(), static_cast<int>(bytes));
  return HexEncode(random.data(), bytes);
}

std::string Quoted(std::string_view value) { return QuoteString(value); }

}  // namespace

DigestAuthenticator::DigestAuthenticator(DigestServerConfig config, const Clock* clock)
    : config_(config), clock_(clock), secret_(RandomHex(32)), opaque_(RandomHex(8)) {}

std::string DigestAuthenticator::Mac(std::string_view time_and_random, std::string_view realm) const {
  std::string data(time_and_random);
  data += '|';
  data += realm;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return HexEncode(mac, kMacHex / 2);
}

std::string DigestAuthenticator::MakeNonce(std::string_view realm) {
  char time_hex[kTimeHex + 1];
  std::snprintf(time_hex, sizeof time_hex, "%016llx", static_cast<unsigned long long>(clock_->Now().us()));
  std::string nonce = std::string(time_hex) + RandomHex(kRandomHex / 2);
  nonce += Mac(nonce, realm);
  return nonce;
}

std::optional<TimeDelta> DigestAuthenticator::NonceAge(std::string_view nonce) const {
  if (nonce.size() != kNonceHex) return std::nullopt;
  uint64_t issued_us = 0;
  auto [end, ec] = std::from_chars(nonce.data(), nonce.data() + kTimeHex, issued_us, 16);
  if (ec != std::errc() || end != nonce.data() + kTimeHex) return std::nullopt;
  return clock_->Now() - Timestamp::Micros(static_cast<int64_t>(issued_us));
}

DigestAuthenticator::NonceState DigestAuthenticator::CheckNonce(std::string_view nonce,
                                                                std::string_view realm) const {
  auto age = NonceAge(nonce);
  if (!age) return NonceState::kForged;
  const std::string_view head = nonce.substr(0, kTimeHex + kRandomHex);
  if (!DigestEquals(Mac(head, realm), nonce.substr(kTimeHex + kRandomHex))) return NonceState::kForged;
  return *age > config_.nonce_lifetime ? NonceState::kExpired : NonceState::kValid;
}

std::vector<std::string> DigestAuthenticator::Challenge(std::string_view realm, bool stale) {
  std::vector<std::string> out;
  std::vector<DigestAlgorithm> algorithms{DigestAlgorithm::kSha256};
  if (config_.offer_md5) algorithms.push_back(DigestAlgorithm::kMd5);
  const std::string nonce = MakeNonce(realm);
  for (DigestAlgorithm algorithm : algorithms) {
    std::string value = "Digest realm=" + Quoted(realm) + ", nonce=" + Quoted(nonce) + ", opaque=" + Quoted(opaque_) +
                        ", algorithm=" + std::string(DigestAlgorithmName(algorithm)) + ", qop=\"auth\"";
    if (stale) value += ", stale=true";
    out.push_back(std::move(value));
  }
  return out;
}

bool DigestAuthenticator::AcceptNonceCount(const std::string& nonce, uint32_t nc) {
  auto it = nonce_counts_.find(nonce);
  if (it != nonce_counts_.end()) {
    if (nc <= it->second) return false;
    it->second = nc;
    return true;
  }
  if (nonce_counts_.size() >= config_.max_tracked_nonces) {
    // Forget the expired ones; if all are young, the oldest by nonce text (which starts
    // with its time) goes: that nonce can then be replayed at most until it expires.
    for (auto i = nonce_counts_.begin(); i != nonce_counts_.end();) {
      auto age = NonceAge(i->first);
      i = !age || *age > config_.nonce_lifetime ? nonce_counts_.erase(i) : std::next(i);
    }
    if (nonce_counts_.size() >= config_.max_tracked_nonces) nonce_counts_.erase(nonce_counts_.begin());
  }
  nonce_counts_.emplace(nonce, nc);
  return true;
}

std::optional<DigestAuthenticator::Verification> DigestAuthenticator::Verify(const SipMessage& request,
                                                                            const PasswordLookup& lookup) {
  auto all = request.Authentications(HeaderId::kAuthorization);
  if (!all) return Verification{Outcome::kFailed, "", "", "malformed Authorization: " + all.error().message};
  const DigestParams* credentials = nullptr;
  for (const auto& params : *all) {
    if (params.IsDigest()) credentials = &params;
  }
  if (!credentials) return std::nullopt;
  const DigestParams& c = *credentials;
  Verification result{Outcome::kFailed, c.username, c.realm, ""};
  auto fail = [&](std::string reason) {
    result.reason = std::move(reason);
    return result;
  };
  if (c.username.empty() || c.nonce.empty() || c.uri.empty() || c.response.empty())
    return fail("credentials lack username, nonce, uri or response");
  if (c.algorithm == DigestAlgorithm::kOther) return fail("unsupported algorithm " + c.algorithm_name);
  // The nonce is checked before the expensive lookup, and its HMAC covers the realm.
  const NonceState nonce_state = CheckNonce(c.nonce, c.realm);
  if (nonce_state == NonceState::kForged) return fail("nonce not issued by us for realm '" + c.realm + "'");
  if (c.uri != request.RequestUri()) return fail("digest uri differs from the Request-URI");
  const bool with_qop = !c.qop.empty();
  uint32_t nc = 0;
  if (with_qop) {
    if (!EqualsIgnoreCase(c.qop, "auth")) return fail("qop '" + c.qop + "' not offered");
    auto [end, ec] = std::from_chars(c.nc.data(), c.nc.data() + c.nc.size(), nc, 16);
    if (c.cnonce.empty() || ec != std::errc() || end != c.nc.data() + c.nc.size())
      return fail("qop=auth without cnonce or nc");
  }
  auto password = lookup(c.realm, c.username);
  if (!password) return fail("unknown user");
  const auto expected = ComputeDigestResponse({c.algorithm, c.username, c.realm, *password, request.Method(),
                                               c.uri, c.nonce, c.cnonce, c.nc, with_qop ? "auth" : ""});
  if (!expected || !DigestEquals(*expected, c.response)) return fail("wrong password");
  // Right password on an old nonce: ask again with stale=true, no failure counted.
  if (nonce_state == NonceState::kExpired) {
    result.outcome = Outcome::kStale;
    return result;
  }
  if (with_qop && !AcceptNonceCount(c.nonce, nc)) return fail("nonce count replayed");
  result.outcome = Outcome::kOk;
  return result;
}

}  // namespace softmcu::sip
