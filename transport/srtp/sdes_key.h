#pragma once
// SDES key-params of an SDP `a=crypto` line (RFC 4568 §6.1), for one direction's master
// key and salt:
//
//   key-params = key-method ":" key-info        ; we support key-method "inline" only
//   key-info   = key-salt ["|" lifetime] ["|" mki]
//   key-salt   = 1*(base64)                     ; base64(master key || master salt)
//   lifetime   = ["2^"] 1*(DIGIT)               ; in packets
//   mki        = mki-value ":" mki-length
//
// e.g. "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^20". The text comes from the
// network (a peer's SDP), so parsing is strict and never throws: exact decoded length for
// the suite, canonical base64, a lifetime within SRTP's 2^48-packet limit. An MKI is
// refused: softmcu keys each direction with exactly one master key (RFC 4568 §6.1 lets an
// offer carry several key-params; the SDP layer splits them on ';' and tries each).
//
// Key material never appears in an error message or a log line; the destructor wipes it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "transport/srtp/crypto_suite.h"

namespace softmcu {

class SdesKey {
 public:
  static constexpr size_t kMaxKeyAndSaltSize = 30;
  // SRTP's key limit (RFC 3711 §9.2): a signalled lifetime above it is refused.
  static constexpr uint64_t kMaxLifetimePackets = uint64_t{1} << 48;

  // Parses the key-params (the text after the crypto-suite token of an a=crypto line).
  static Result<SdesKey> Parse(CryptoSuite suite, std::string_view key_params);
  // A fresh master key and salt from OpenSSL's CSPRNG, without lifetime.
  static Result<SdesKey> Generate(CryptoSuite suite);
  // Wraps keying material obtained elsewhere (e.g. DTLS-SRTP's exporter); checks its size.
  static Result<SdesKey> FromKeyAndSalt(CryptoSuite suite, std::span<const uint8_t> key_and_salt);

  SdesKey(const SdesKey& other) = default;
  SdesKey& operator=(const SdesKey& other) = default;
  ~SdesKey();

  // "inline:<base64>[|lifetime]", the lifetime as it was written ("2^20" stays "2^20").
  std::string Format() const;

  // `text` (an SDP body, one of its lines, a SIP message) with every inline key replaced:
  // "inline:WVNf...VubGVz|2^20" becomes "inline:<redacted>|2^20" ("inline" matched in any
  // case, as the ABNF literal is). Anything that may log or echo SDP text passes it
  // through this first (docs/security.md, "No keys in logs").
  static std::string Redact(std::string_view text);

  CryptoSuite suite() const { return suite_; }
  // Master key || master salt, the layout SrtpSession::Create takes.
  std::span<const uint8_t> key_and_salt() const { return {bytes_.data(), MasterKeyAndSaltSize(suite_)}; }
  std::span<const uint8_t> master_key() const { return key_and_salt().first(MasterKeySize(suite_)); }
  std::span<const uint8_t> master_salt() const { return key_and_salt().subspan(MasterKeySize(suite_)); }
  // The lifetime field as written, and its value in packets.
  const std::optional<std::string>& lifetime_text() const { return lifetime_text_; }
  std::optional<uint64_t> lifetime_packets() const { return lifetime_packets_; }

 private:
  explicit SdesKey(CryptoSuite suite) : suite_(suite) {}

  CryptoSuite suite_;
  std::array<uint8_t, kMaxKeyAndSaltSize> bytes_{};
  std::optional<std::string> lifetime_text_;
  std::optional<uint64_t> lifetime_packets_;
};

}  // namespace softmcu
