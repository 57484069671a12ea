#include "control/auth/password_hasher.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>
#include <vector>

#include "core/check.h"

namespace softmcu::control {
namespace {

constexpr size_t kSaltBytes = 16;
constexpr size_t kKeyBytes = 32;
constexpr int kMaxIterations = 10'000'000;

std::string Base64(const unsigned char* data, size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<size_t>(n));
  return out;
}

// Decodes exactly `expected` bytes; false otherwise.
bool Unbase64(std::string_view text, size_t expected, std::vector<unsigned char>* out) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > 256) return false;
  out->assign(3 * text.size() / 4, 0);
  const int n = EVP_DecodeBlock(out->data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  const size_t length = static_cast<size_t>(n) - padding;
  if (length != expected) return false;
  out->resize(length);
  return true;
}

std::vector<unsigned char> Derive(std::string_view password, const unsigned char* salt, int iterations) {
  std::vector<unsigned char> key(kKeyBytes);
  const int ok = PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, kSaltBytes, iterations,
                                   EVP_sha256(), kKeyBytes, key.data());
  SOFTMCU_CHECK(ok == 1);
  return key;
}

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[data[i] >> 4]);
    out.push_back(kDigits[data[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::string PasswordHasher::Hash(std::string_view password) const {
  unsigned char salt[kSaltBytes];
  SOFTMCU_CHECK(RAND_bytes(salt, sizeof(salt)) == 1);
  const auto key = Derive(password, salt, iterations_);
  return "pbkdf2-sha256$" + std::to_string(iterations_) + "$" + Base64(salt, sizeof(salt)) + "$" +
         Base64(key.data(), key.size());
}

bool PasswordHasher::Verify(std::string_view password, std::string_view stored) const {
  // pbkdf2-sha256$<iterations>$<salt>$<key>
  constexpr std::string_view kScheme = "pbkdf2-sha256$";
  if (stored.substr(0, kScheme.size()) != kScheme) return false;
  std::string_view rest = stored.substr(kScheme.size());
  const size_t d1 = rest.find('$');
  if (d1 == std::string_view::npos) return false;
  const size_t d2 = rest.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return false;
  int iterations = 0;
  const auto parsed = std::from_chars(rest.data(), rest.data() + d1, iterations);
  if (parsed.ec != std::errc() || parsed.ptr != rest.data() + d1 || iterations < 1 || iterations > kMaxIterations) {
    return false;
  }
  std::vector<unsigned char> salt, key;
  if (!Unbase64(rest.substr(d1 + 1, d2 - d1 - 1), kSaltBytes, &salt)) return false;
  if (!Unbase64(rest.substr(d2 + 1), kKeyBytes, &key)) return false;
  const auto derived = Derive(password, salt.data(), iterations);
  return CRYPTO_memcmp(derived.data(), key.data(), kKeyBytes) == 0;
}

void PasswordHasher::BurnVerifyTime(std::string_view password) const {
  static const unsigned char kSalt[kSaltBytes] = {};
  (void)Derive(password, kSalt, iterations_);
}

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buffer(bytes);
  SOFTMCU_CHECK(RAND_bytes(buffer.data(), static_cast<int>(bytes)) == 1);
  return Hex(buffer.data(), bytes);
}

std::string Sha256Hex(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Hex(digest, sizeof(digest));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace softmcu::control
