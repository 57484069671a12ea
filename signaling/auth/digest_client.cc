#include "signaling/auth/digest_client.h"

#include <cstdio>

#include "signaling/auth/digest_computation.h"
#include "signaling/sip/sip_text.h"
#include "signaling/transaction/transaction_key.h"

namespace softmcu::sip {
namespace {

int Strength(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kSha512_256:
    case DigestAlgorithm::kSha512_256Sess: return 3;
    case DigestAlgorithm::kSha256:
    case DigestAlgorithm::kSha256Sess: return 2;
    case DigestAlgorithm::kMd5:
    case DigestAlgorithm::kMd5Sess: return 1;
    case DigestAlgorithm::kOther: return 0;
  }
  return 0;
}

}  // namespace

std::optional<DigestAnswer> DigestClient::Answer(const SipMessage& response, std::string_view method,
                                                 std::string_view request_uri, const DigestCredentials& credentials,
                                                 uint32_t nonce_count) {
  const bool proxy = response.StatusCode() == 407;
  auto challenges = response.Authentications(proxy ? HeaderId::kProxyAuthenticate : HeaderId::kWwwAuthenticate);
  if (!challenges) return std::nullopt;
  const DigestParams* best = nullptr;
  for (const auto& challenge : *challenges) {
    if (!challenge.IsDigest() || Strength(challenge.algorithm) == 0) continue;
    if (!best || Strength(challenge.algorithm) > Strength(best->algorithm)) best = &challenge;
  }
  if (!best) return std::nullopt;
  bool auth_qop = false;
  for (const auto& option : best->QopOptions()) auth_qop = auth_qop || EqualsIgnoreCase(option, "auth");
  if (!best->qop.empty() && !auth_qop) return std::nullopt;  // auth-int only: we do not do it

  DigestParams credentials_out;
  credentials_out.scheme = "Digest";
  credentials_out.username = credentials.username;
  credentials_out.realm = best->realm;
  credentials_out.nonce = best->nonce;
  credentials_out.uri = std::string(request_uri);
  credentials_out.algorithm = best->algorithm;
  credentials_out.algorithm_name = best->algorithm_name;
  credentials_out.opaque = best->opaque;
  if (auth_qop) {
    char nc[9];
    std::snprintf(nc, sizeof nc, "%08x", nonce_count);
    credentials_out.qop = "auth";
    credentials_out.nc = nc;
    credentials_out.cnonce = RandomToken(16);
  }
  auto digest = ComputeDigestResponse({best->algorithm, credentials.username, best->realm, credentials.password,
                                       method, request_uri, best->nonce, credentials_out.cnonce,
                                       credentials_out.nc, credentials_out.qop});
  if (!digest) return std::nullopt;
  credentials_out.response = *digest;
  return DigestAnswer{proxy ? "Proxy-Authorization" : "Authorization", credentials_out.Format(AuthRole::kCredentials),
                      best->nonce};
}

}  // namespace softmcu::sip
