// SDES key-params (RFC 4568 §6.1) arrive in a peer's SDP: SdesKey::Parse must refuse
// anything malformed without crashing, and whatever it accepts must format back to text
// that parses to the same key.
//
// Input: byte 0 picks the crypto suite, the rest is the key-params text.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "transport/srtp/sdes_key.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using softmcu::CryptoSuite;
  if (size < 1) return 0;
  constexpr CryptoSuite kSuites[] = {CryptoSuite::kAesCm128HmacSha1_80, CryptoSuite::kAesCm128HmacSha1_32,
                                     CryptoSuite::kAeadAes128Gcm};
  const CryptoSuite suite = kSuites[data[0] % 3];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  auto key = softmcu::SdesKey::Parse(suite, text);
  if (!key) {
    if (key.error().message.empty()) std::abort();
    return 0;
  }
  auto again = softmcu::SdesKey::Parse(suite, key->Format());
  if (!again) std::abort();
  auto a = key->key_and_salt();
  auto b = again->key_and_salt();
  if (a.size() != b.size() || !std::equal(a.begin(), a.end(), b.begin())) std::abort();
  if (key->lifetime_packets() != again->lifetime_packets()) std::abort();
  return 0;
}
