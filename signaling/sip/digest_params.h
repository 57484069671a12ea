#pragma once
// Authorization, Proxy-Authorization, WWW-Authenticate and Proxy-Authenticate values
// (RFC 3261 §20.7, §20.27, §20.28, §20.44, §25.1; Digest per RFC 7616 §3.3-§3.4):
//
//   challenge   = ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
//   credentials = ("Digest" LWS digest-response) / other-response
//   auth-param  = auth-param-name EQUAL ( token / quoted-string )
//
// e.g. `Digest realm="mcu", nonce="8e0c", algorithm=SHA-256, qop="auth"`. All parameters
// land in one struct whether it is a challenge or credentials; the caller knows which
// header it parsed. Tolerated: any parameter as token or quoted-string (deployed UAs
// quote algorithm and leave qop unquoted); checked: nc is 8 hex digits, response is hex,
// stale/userhash are true/false, no parameter appears twice. Another scheme (RFC 4475
// regaut01 "NoOneKnowsThisScheme") parses with its parameters in `other`.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "signaling/sip/sip_error.h"

namespace softmcu::sip {

enum class AuthRole { kChallenge, kCredentials };

enum class DigestAlgorithm { kMd5, kMd5Sess, kSha256, kSha256Sess, kSha512_256, kSha512_256Sess, kOther };

struct DigestParams {
  std::string scheme;  // "Digest" for digest; compare with IsDigest()
  std::string realm;
  std::string nonce;
  std::string opaque;
  std::string domain;
  std::string algorithm_name;  // as written; empty = absent (MD5, RFC 7616 §3.3)
  DigestAlgorithm algorithm = DigestAlgorithm::kMd5;
  std::string qop;  // challenge: "auth,auth-int" options; credentials: the chosen one
  bool stale = false;
  std::string charset;
  bool userhash = false;
  // Credentials.
  std::string username;
  std::string uri;
  std::string response;
  std::string cnonce;
  std::string nc;
  std::vector<std::pair<std::string, std::string>> other;  // unknown parameters, unquoted

  // Errors are kBadHeader, named after `header`.
  static SipResult<DigestParams> Parse(std::string_view value, std::string_view header = "Authorization");
  bool IsDigest() const;
  std::vector<std::string> QopOptions() const;  // the challenge's qop split on commas
  // Digest with the RFC 7616 quoting (quoted strings except algorithm, qop in
  // credentials, nc, stale, userhash). `role` selects qop's quoting (a qop that is
  // not a single token is quoted either way).
  std::string Format(AuthRole role) const;
};

}  // namespace softmcu::sip
