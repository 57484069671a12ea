#include "signaling/auth/digest_computation.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace softmcu::sip {
namespace {

const EVP_MD* MdFor(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kMd5:
    case DigestAlgorithm::kMd5Sess: return EVP_md5();
    case DigestAlgorithm::kSha256:
    case DigestAlgorithm::kSha256Sess: return EVP_sha256();
    case DigestAlgorithm::kSha512_256:
    case DigestAlgorithm::kSha512_256Sess: return EVP_sha512_256();
    case DigestAlgorithm::kOther: return nullptr;
  }
  return nullptr;
}

bool IsSess(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::kMd5Sess || algorithm == DigestAlgorithm::kSha256Sess ||
         algorithm == DigestAlgorithm::kSha512_256Sess;
}

}  // namespace

std::optional<std::string> DigestHash(DigestAlgorithm algorithm, std::string_view data) {
  const EVP_MD* md = MdFor(algorithm);
  if (!md) return std::nullopt;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, md, nullptr) != 1) return std::nullopt;
  return HexEncode(digest, length);
}

std::string HexEncode(const unsigned char* bytes, size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex(size * 2, '0');
  for (size_t i = 0; i < size; ++i) {
    hex[2 * i] = kHex[bytes[i] >> 4];
    hex[2 * i + 1] = kHex[bytes[i] & 15];
  }
  return hex;
}

std::optional<std::string> ComputeDigestResponse(const DigestInput& in) {
  auto join = [](std::initializer_list<std::string_view> parts) {
    std::string out;
    bool first = true;
    for (auto part : parts) {
      if (!first) out += ':';
      out += part;
      first = false;
    }
    return out;
  };
  auto ha1 = DigestHash(in.algorithm, join({in.username, in.realm, in.password}));
  if (!ha1) return std::nullopt;
  if (IsSess(in.algorithm)) ha1 = DigestHash(in.algorithm, join({*ha1, in.nonce, in.cnonce}));
  auto ha2 = DigestHash(in.algorithm, join({in.method, in.uri}));
  if (!ha1 || !ha2) return std::nullopt;
  if (in.qop.empty()) return DigestHash(in.algorithm, join({*ha1, in.nonce, *ha2}));
  return DigestHash(in.algorithm, join({*ha1, in.nonce, in.nc, in.cnonce, in.qop, *ha2}));
}

std::string_view DigestAlgorithmName(DigestAlgorithm algorithm) {
  switch (algorithm) {
    case DigestAlgorithm::kMd5: return "MD5";
    case DigestAlgorithm::kMd5Sess: return "MD5-sess";
    case DigestAlgorithm::kSha256: return "SHA-256";
    case DigestAlgorithm::kSha256Sess: return "SHA-256-sess";
    case DigestAlgorithm::kSha512_256: return "SHA-512-256";
    case DigestAlgorithm::kSha512_256Sess: return "SHA-512-256-sess";
    case DigestAlgorithm::kOther: return "";
  }
  return "";
}

bool DigestEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace softmcu::sip
