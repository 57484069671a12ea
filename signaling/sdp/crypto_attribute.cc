#include "signaling/sdp/crypto_attribute.h"

#include "signaling/sdp/sdp_text.h"

namespace softmcu::sdp {
namespace {

// Session parameters that would turn off or alter protection (RFC 4568 §6.3.1-§6.3.7).
constexpr std::string_view kRefusedSessionParams[] = {"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP",
                                                      "UNAUTHENTICATED_SRTP", "KDR", "FEC_KEY"};

bool HasMki(std::string_view key_params) {
  // key-info = key-salt ["|" lifetime] ["|" mki], mki = mki-value ":" mki-length.
  auto [method, info] = SplitOnce(key_params, ':');
  return info.find(':') != std::string_view::npos;
}

}  // namespace

Result<CryptoAttribute> CryptoAttribute::Parse(std::string_view value) {
  auto fields = SplitFields(value, 16);
  if (fields.size() < 3) {
    return MakeError(ErrorCode::kInvalidArgument, "a=crypto needs '<tag> <suite> <key-params>'");
  }
  auto tag = ParseUnsigned(fields[0], 999'999'999);
  if (!tag) return MakeError(ErrorCode::kInvalidArgument, "a=crypto tag is not 1-9 digits");
  if (!IsToken(fields[1])) return MakeError(ErrorCode::kInvalidArgument, "a=crypto suite is invalid");
  CryptoAttribute crypto{.tag = static_cast<uint32_t>(*tag),
                         .suite_name = std::string(fields[1]),
                         .key_params = std::string(fields[2])};
  for (size_t i = 3; i < fields.size(); ++i) crypto.session_params.emplace_back(fields[i]);

  if (auto suite = ParseCryptoSuite(crypto.suite_name)) {
    crypto.suite = *suite;
  } else {
    crypto.unusable_reason = "crypto suite " + Quote(crypto.suite_name) + " is not supported";
    return crypto;
  }
  if (crypto.key_params.find(';') != std::string::npos) {
    crypto.unusable_reason = "several key-params (MKI keying) are not supported";
    return crypto;
  }
  if (HasMki(crypto.key_params)) {
    crypto.unusable_reason = "an MKI is not supported";
    return crypto;
  }
  auto key = SdesKey::Parse(*crypto.suite, crypto.key_params);
  if (!key) return MakeError(ErrorCode::kInvalidArgument, "a=crypto key is invalid: " + key.error().message);
  crypto.key = *key;
  for (const auto& param : crypto.session_params) {
    auto [name, unused] = SplitOnce(param, '=');
    for (auto refused : kRefusedSessionParams) {
      if (EqualsIgnoreCase(name, refused)) {
        crypto.unusable_reason = "session parameter " + Quote(name) + " is not supported";
        crypto.key.reset();
        return crypto;
      }
    }
  }
  return crypto;
}

CryptoAttribute CryptoAttribute::Make(uint32_t tag, const SdesKey& key) {
  return CryptoAttribute{.tag = tag,
                         .suite_name = std::string(ToString(key.suite())),
                         .suite = key.suite(),
                         .key_params = key.Format(),
                         .key = key};
}

std::string CryptoAttribute::Format() const {
  std::string out = std::to_string(tag) + " " + suite_name + " " + key_params;
  for (const auto& p : session_params) out += " " + p;
  return out;
}

}  // namespace softmcu::sdp
