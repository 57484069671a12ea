#pragma once
// Server side of SIP digest authentication (RFC 3261 §22.4, RFC 7616, RFC 8760): the
// 401 challenge for a room that requires it, and the check of the retried request.
//
// - Challenges offer SHA-256 first and MD5 second (RFC 8760 §2.4: in order of preference,
//   so old terminals still get in), qop="auth", an opaque value, and a fresh nonce.
// - Nonces are stateless and self-checking: hex(time ‖ random ‖ HMAC-SHA256(secret, time
//   ‖ random ‖ realm)), the secret drawn at start. A nonce older than `nonce_lifetime` is
//   answered with stale=true (the UA retries without asking the user, §3.3 of RFC 7616).
// - With qop, the nonce count must grow for each nonce (replays are refused); the counts
//   live in a bounded table.
// - An unknown user and a wrong password fail alike (scanners learn nothing), and the
//   digest-uri must be the Request-URI.
//
// Not thread-safe; the signalling loop owns it. The password lookup runs on that thread.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "signaling/sip/sip_message.h"

namespace softmcu::sip {

struct DigestServerConfig {
  TimeDelta nonce_lifetime = TimeDelta::Seconds(300);
  size_t max_tracked_nonces = 8192;
  bool offer_md5 = true;
};

class DigestAuthenticator {
 public:
  using PasswordLookup = std::function<std::optional<std::string>(std::string_view realm, std::string_view user)>;

  enum class Outcome { kOk, kStale, kFailed };
  struct Verification {
    Outcome outcome = Outcome::kFailed;
    std::string username;
    std::string realm;
    std::string reason;  // why it failed, for the log (never sent to the peer)
  };

  DigestAuthenticator(DigestServerConfig config, const Clock* clock);

  // WWW-Authenticate header values, most preferred first.
  std::vector<std::string> Challenge(std::string_view realm, bool stale);
  // Checks the Authorization of `request`; nullopt when it carries no Digest credentials.
  std::optional<Verification> Verify(const SipMessage& request, const PasswordLookup& lookup);

  size_t tracked_nonces() const { return nonce_counts_.size(); }

 private:
  enum class NonceState { kValid, kExpired, kForged };
  std::string MakeNonce(std::string_view realm);
  std::optional<TimeDelta> NonceAge(std::string_view nonce) const;
  NonceState CheckNonce(std::string_view nonce, std::string_view realm) const;
  std::string Mac(std::string_view time_and_random, std::string_view realm) const;
  bool AcceptNonceCount(const std::string& nonce, uint32_t nc);

  const DigestServerConfig config_;
  const Clock* const clock_;
  std::string secret_;
  std::string opaque_;
  std::map<std::string, uint32_t> nonce_counts_;  // nonce → highest nc seen
};

}  // namespace softmcu::sip
