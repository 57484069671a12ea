#pragma once
// Password hashing with a slow key-derivation function: PBKDF2-HMAC-SHA256 (OpenSSL
// PKCS5_PBKDF2_HMAC), a 16-byte random salt per hash, a 32-byte key. The stored form
// names its parameters, so the iteration count can be raised later without breaking old
// hashes:  pbkdf2-sha256$<iterations>$<salt base64>$<key base64>
//
// Default 600 000 iterations (OWASP's 2023 figure for PBKDF2-SHA256): ~0.3 s of one core per
// login on this class of machine, which is what makes a stolen database expensive to
// attack. Tests construct the hasher with a small count. Passwords are never logged.
//
// Also the random tokens of sessions (and their SHA-256 for storage). Stateless apart from
// its configuration; thread-safe.

#include <string>
#include <string_view>

namespace softmcu::control {

inline constexpr int kDefaultPbkdf2Iterations = 600'000;

class PasswordHasher {
 public:
  explicit PasswordHasher(int iterations = kDefaultPbkdf2Iterations) : iterations_(iterations) {}

  std::string Hash(std::string_view password) const;
  // Constant-time comparison of the derived key. False for a malformed stored hash.
  bool Verify(std::string_view password, std::string_view stored) const;
  // Costs what Verify costs, for an unknown account: a failed login takes the same time
  // whether or not the name exists.
  void BurnVerifyTime(std::string_view password) const;

  int iterations() const { return iterations_; }

 private:
  int iterations_;
};

// `bytes` random bytes from OpenSSL's CSPRNG, hex-encoded (a 256-bit token is 64 chars).
std::string RandomHex(size_t bytes);
// SHA-256 of `text`, hex-encoded: how session tokens are stored.
std::string Sha256Hex(std::string_view text);
// Constant-time string equality (for CSRF and metrics tokens).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace softmcu::control
